import { describe, expect, it } from 'vitest';
import { facingSides } from './facing-sides.ts';

describe('facingSides', () => {
  it('joins nodes side by side through their facing left and right sides', () => {
    expect(facingSides({ x: 0, y: 140 }, { x: 300, y: 140 })).toEqual({ source: 'right', target: 'left' });
    expect(facingSides({ x: 300, y: 140 }, { x: 0, y: 140 })).toEqual({ source: 'left', target: 'right' });
  });

  it('joins stacked nodes through bottom and top', () => {
    expect(facingSides({ x: 600, y: 140 }, { x: 600, y: 360 })).toEqual({ source: 'bottom', target: 'top' });
    expect(facingSides({ x: 0, y: 360 }, { x: 0, y: 140 })).toEqual({ source: 'top', target: 'bottom' });
  });
});

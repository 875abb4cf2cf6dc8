import { describe, expect, it } from 'vitest';
import { samplePath } from './path-geometry.ts';

describe('samplePath', () => {
  it('measures a straight bezier exactly and walks along it', () => {
    const path = samplePath('M0,0 C50,0 50,0 100,0');
    expect(path.length).toBeCloseTo(100, 6);
    expect(path.pointAt(25).x).toBeCloseTo(25, 0);
    expect(path.pointAt(-5)).toEqual({ x: 0, y: 0 });
    expect(path.pointAt(1000)).toEqual({ x: 100, y: 0 });
  });

  it('follows a curved link from end to end, longer than its chord', () => {
    const path = samplePath('M1013,475.96875 C1075,475.96875 1075,367.28125 1137,367.28125');
    expect(path.length).toBeGreaterThan(Math.hypot(124, 108.6875));
    expect(path.pointAt(0)).toEqual({ x: 1013, y: 475.96875 });
    const end = path.pointAt(path.length);
    expect(end.x).toBeCloseTo(1137, 6);
    expect(end.y).toBeCloseTo(367.28125, 6);
    // Halfway along a symmetric S-curve is its centre.
    const middle = path.pointAt(path.length / 2);
    expect(middle.x).toBeCloseTo(1075, 0);
    expect(middle.y).toBeCloseTo(421.6, 0);
  });

  it('treats any other path as the line between its ends', () => {
    const path = samplePath('M0,0 L30,40');
    expect(path.length).toBeCloseTo(50, 6);
    const point = path.pointAt(25);
    expect(point.x).toBeCloseTo(15, 9);
    expect(point.y).toBeCloseTo(20, 9);
  });
});

import { describe, expect, it } from 'vitest';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { autoLayout } from './auto-layout.ts';
import { runKey } from '../store/document-edits.ts';

describe('autoLayout', () => {
  const laidOut = autoLayout(example('default'));
  const x = (id: string) => laidOut.nodes.find((node) => node.id === id)!.position.x;

  it('puts each hop of a request to the right of the one before', () => {
    expect(x('browser')).toBeLessThan(x('nginx'));
    expect(x('nginx')).toBeLessThan(x('app1'));
    expect(x('app1')).toBeLessThan(x('flask'));
    expect(x('flask')).toBeLessThan(x('db'));
  });

  it('leaves no two nodes on top of each other, and changes nothing but positions', () => {
    const spots = new Set(laidOut.nodes.map((node) => `${node.position.x},${node.position.y}`));
    expect(spots.size).toBe(laidOut.nodes.length);
    expect(runKey(laidOut)).toBe(runKey(example('default')));
  });
});

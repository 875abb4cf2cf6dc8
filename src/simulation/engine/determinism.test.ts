import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, traceEventToJson } from '../index.ts';
import { exampleJson, mustImport } from '../test-support/documents.node.ts';

function trace(seed: number, visits: number): string[] {
  const raw = exampleJson('default');
  const browser = raw.nodes.find((node) => node['kind'] === 'browser')!;
  (browser['config'] as Record<string, unknown>)['visits'] = Array.from({ length: visits }, (_, index) => ({ url: 'http://example.com/', atMs: index * 7 }));
  const lines: string[] = [];
  simulate(mustImport(raw), { seed, onEvent: (event) => lines.push(traceEventToJson(event)) });
  return lines;
}

describe('determinism', () => {
  it('gives a byte-identical trace for the same document and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 4 }), (seed, visits) => {
        expect(trace(seed, visits)).toEqual(trace(seed, visits));
      }),
      { numRuns: 25 },
    );
  });

  it('uses the seed: different seeds give different ports, sequence numbers and DNS ids', () => {
    expect(trace(1, 1)).not.toEqual(trace(2, 1));
  });

  it('numbers events 0, 1, 2, ... with never-decreasing time and causes that point back', () => {
    const events = trace(7, 3).map((line) => JSON.parse(line) as { seq: number; t: number; cause: number | null });
    events.forEach((event, index) => {
      expect(event.seq).toBe(index);
      if (index > 0) expect(event.t).toBeGreaterThanOrEqual(events[index - 1]!.t);
      if (event.cause !== null) expect(event.cause).toBeLessThan(event.seq);
    });
  });
});

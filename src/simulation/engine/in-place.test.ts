/**
 * A load run changes node states in place; a playback copies them on write. Both must tell
 * the same story, and a playback's earlier snapshots must never change afterwards.
 */
import { describe, expect, it } from 'vitest';
import { simulate, traceEventToJson } from '../index.ts';
import { exampleJson, mustImport } from '../test-support/documents.node.ts';
import { Simulator, type NodeStates } from './simulator.ts';

function busyDocument() {
  const raw = exampleJson('default');
  const browser = raw.nodes.find((node) => node['kind'] === 'browser')!;
  // One request every millisecond: more than two workers can take, so the backlog fills.
  (browser['config'] as Record<string, unknown>)['visits'] = Array.from({ length: 30 }, (_, index) => ({ url: 'http://example.com/', atMs: index }));
  return mustImport(raw);
}

const serialize = (states: NodeStates): string =>
  JSON.stringify(states, (_key, value: unknown) => (value instanceof Map ? [...value] : value instanceof Set ? [...value] : value));

describe('states changed in place and copied on write', () => {
  it('give the same trace', () => {
    const document = busyDocument();
    const inPlace: string[] = [];
    simulate(document, { onEvent: (event) => inPlace.push(traceEventToJson(event)) });
    const copied: string[] = [];
    const simulator = new Simulator(document, document.seed, { recordStates: true, onEvent: (event) => copied.push(traceEventToJson(event)) });
    while (simulator.step()) {
      // each step reports its events through onEvent
    }
    expect(copied).toEqual(inPlace);
  });

  it('never change a snapshot once it is taken', () => {
    const snapshots: NodeStates[] = [];
    const texts: string[] = [];
    const simulator = new Simulator(busyDocument(), 1, {
      recordStates: true,
      onEvent: (_event, states) => {
        snapshots.push(states);
        texts.push(serialize(states));
      },
    });
    while (simulator.step()) {
      // each step reports its events through onEvent
    }
    expect(snapshots.length).toBeGreaterThan(500);
    expect(snapshots.map(serialize)).toEqual(texts);
  });
});

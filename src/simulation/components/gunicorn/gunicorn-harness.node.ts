import { simulate, traceEventToJson, type TraceEvent } from '../../index.ts';
import { exampleJson, mustImport, withConfig, type RawDocument } from '../../test-support/documents.node.ts';

/** Helpers for the Gunicorn tests: the examples with changed settings, and what their runs show. */

export function gunicornExample(name: 'gunicorn-3-workers' | 'worker-timeout', config: Record<string, unknown> = {}): RawDocument {
  return withConfig(exampleJson(name), 'app1', config);
}

export function run(raw: RawDocument, seed?: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(mustImport(raw), { ...(seed === undefined ? {} : { seed }), onEvent: (event) => events.push(event) });
  return events;
}

export function traceLines(raw: RawDocument, seed?: number): string[] {
  return run(raw, seed).map(traceEventToJson);
}

export const notes = (events: TraceEvent[], node = 'app1') => events.filter((event) => event.type === 'state' && event.from === node).map((event) => event.summary);

/** When each page finished loading, in ms after the browser's first SYN (the recording's barrier release). */
export function pageLoadTimes(events: TraceEvent[]): number[] {
  const start = events.find((event) => event.type === 'send' && event.from === 'browser' && event.protocol === 'tcp')!.t;
  return events.filter((event) => event.type === 'state' && event.from === 'browser' && event.summary.startsWith('Page loaded')).map((event) => event.t - start);
}

/** The six 1-second requests of gunicorn-concurrency.json, finishing times rounded to whole seconds. */
export function sixSlowRequests(config: Record<string, unknown>): number[] {
  return pageLoadTimes(run(gunicornExample('gunicorn-3-workers', config))).map((ms) => Math.round(ms / 1000));
}

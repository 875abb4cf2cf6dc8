/**
 * The examples of the first two steps of the core lesson path (docs/nodes/socket-server.md,
 * docs/nodes/flask-dev-server.md): a bare socket server that answers nothing, one that serves
 * files, and Flask's development server blocking with threaded=False. Regenerate a golden
 * trace with
 *   npm run -s simulate -- public/topologies/<name>.json > src/simulation/__golden__/<name>.trace.jsonl
 * and read the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { browserPage, createPlayback, runToEnd, simulate, traceEventToJson, type TopologyDocument, type TraceEvent } from './index.ts';
import { example, exampleJson, mustImport, withConfig } from './test-support/documents.node.ts';

const EXAMPLES = ['socket-server-empty-reply', 'socket-server-files', 'flask-dev-server-blocking'] as const;

function run(document: TopologyDocument, seed?: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(document, { onEvent: (event) => events.push(event), ...(seed === undefined ? {} : { seed }) });
  return events;
}

const http = (events: readonly TraceEvent[]) => events.filter((event) => event.type === 'send' && event.protocol === 'http').map((event) => `${event.from}>${event.to} ${event.summary}`);
const loaded = (events: readonly TraceEvent[], browser: string) => events.find((event) => event.type === 'state' && event.from === browser && event.summary.startsWith('Page loaded'))!.t;

describe.each(EXAMPLES)('golden trace of %s', (name) => {
  it('is produced line for line', () => {
    const golden = readFileSync(join(process.cwd(), `src/simulation/__golden__/${name}.trace.jsonl`), 'utf8').trimEnd().split('\n');
    expect(run(example(name)).map(traceEventToJson)).toEqual(golden);
  });

  it('is the same for the same seed, run twice', () => {
    expect(run(example(name), 11).map(traceEventToJson)).toEqual(run(example(name), 11).map(traceEventToJson));
  });

  it('is the same stepped in a playback (states copied) as run fast (states changed in place)', () => {
    const played = runToEnd(createPlayback(example(name))).events.map(traceEventToJson);
    expect(played).toEqual(run(example(name)).map(traceEventToJson));
  });
});

describe('determinism of the blocking dev server', () => {
  /** The blocking example with the quick visits moved to other moments. */
  function trace(seed: number, offsets: readonly number[]): string[] {
    const raw = exampleJson('flask-dev-server-blocking');
    offsets.forEach((offset, index) => withConfig(raw, `browser${index + 2}`, { visits: [{ url: 'http://example.com:5000/', atMs: offset }] }));
    return run(mustImport(raw), seed).map(traceEventToJson);
  }

  it('the same seed and visits give a byte-identical trace', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 2, maxLength: 2 }), (seed, offsets) => {
        expect(trace(seed, offsets)).toEqual(trace(seed, offsets));
      }),
      { numRuns: 15 },
    );
  });
});

describe('socket-server-empty-reply', () => {
  it('one request, no answer, and the browser says ERR_EMPTY_RESPONSE', () => {
    const events = run(example('socket-server-empty-reply'));
    expect(http(events)).toEqual(['browser>server GET / HTTP/1.1']);
    expect(browserPage(runToEnd(createPlayback(example('socket-server-empty-reply'))), 'browser')).toMatchObject({ kind: 'error', code: 'ERR_EMPTY_RESPONSE' });
  });
});

describe('socket-server-files', () => {
  it('three requests for one page: index.html 200, the linked main.css and /favicon.ico 404', () => {
    expect(http(run(example('socket-server-files')))).toEqual([
      'browser>server GET / HTTP/1.1',
      'server>browser HTTP/1.1 200 OK',
      'browser>server GET /main.css HTTP/1.1',
      'server>browser HTTP/1.1 404 Not Found',
      'browser>server GET /favicon.ico HTTP/1.1',
      'server>browser HTTP/1.1 404 Not Found',
    ]);
    expect(browserPage(runToEnd(createPlayback(example('socket-server-files'))), 'browser')).toMatchObject({ kind: 'loaded', status: 200, title: 'My first server' });
  });
});

describe('flask-dev-server-blocking', () => {
  it('the quick requests finish only after the slow one; threaded, they do not wait', () => {
    const blocking = run(example('flask-dev-server-blocking'));
    expect(loaded(blocking, 'browser2')).toBeGreaterThan(2000);
    expect(loaded(blocking, 'browser3')).toBeGreaterThan(loaded(blocking, 'browser2'));
    const threaded = run(mustImport(withConfig(exampleJson('flask-dev-server-blocking'), 'devserver', { threaded: true })));
    expect(loaded(threaded, 'browser2')).toBeLessThan(200);
    expect(loaded(threaded, 'browser3')).toBeLessThan(300);
    expect(loaded(threaded, 'browser1')).toBeGreaterThan(2000);
  });
});

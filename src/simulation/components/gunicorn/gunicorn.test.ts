import { describe, expect, it } from 'vitest';
import { simulate, type TraceEvent } from '../../index.ts';
import { exampleJson, mustImport, withConfig } from '../../test-support/documents.node.ts';
import type { WsgiCallLayer } from '../../model/message.ts';
import { gunicornExample, run as runRaw } from './gunicorn-harness.node.ts';

/** Six page loads at t=0 against a view that takes 1000 ms, as in gunicorn-concurrency.json. */
function sixSlowRequests(workers: number): number[] {
  const raw = exampleJson('default');
  withConfig(raw, 'app1', { workers });
  withConfig(raw, 'flask', { routes: [{ rule: '/', endpoint: 'slow', processingMs: 1000 }] });
  const browser = raw.nodes.find((node) => node['kind'] === 'browser')!;
  (browser['config'] as Record<string, unknown>)['visits'] = Array.from({ length: 6 }, () => ({ url: 'http://example.com/', atMs: 0 }));
  const events: TraceEvent[] = [];
  simulate(mustImport(raw), { onEvent: (event) => events.push(event) });
  const loaded = events.filter((event) => event.type === 'state' && event.from === 'browser' && event.summary.startsWith('Page loaded'));
  const firstSend = events.find((event) => event.type === 'send' && event.from === 'browser' && event.protocol === 'http')!;
  return loaded.map((event) => Math.round((event.t - firstSend.t) / 1000));
}

describe('gunicorn sync workers (gunicorn-concurrency.json)', () => {
  it('with one worker, six 1-second requests finish at about 1, 2, 3, 4, 5 and 6 s: none is refused', () => {
    expect(sixSlowRequests(1)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('with three workers, three finish at about 1 s and three at about 2 s', () => {
    expect(sixSlowRequests(3)).toEqual([1, 1, 1, 2, 2, 2]);
  });
});

describe('gunicorn --timeout', () => {
  it('kills a worker stuck past the timeout, boots a new pid, and nginx answers 502', () => {
    const raw = exampleJson('default');
    withConfig(raw, 'app1', { workers: 1, timeout: 1 });
    withConfig(raw, 'flask', { routes: [{ rule: '/', endpoint: 'slow', processingMs: 5000 }] });
    const events: TraceEvent[] = [];
    simulate(mustImport(raw), { onEvent: (event) => events.push(event) });
    const notes = events.filter((event) => event.type === 'state').map((event) => event.summary);
    expect(notes.some((note) => /^\[CRITICAL\] WORKER TIMEOUT \(pid:\d+\)$/.test(note))).toBe(true);
    expect(notes.some((note) => /^\[INFO\] Booting worker with pid: \d+$/.test(note))).toBe(true);
    expect(notes.some((note) => note.startsWith('error.log: [error] upstream prematurely closed connection while reading response header from upstream'))).toBe(true);
    expect(notes).toContain('access.log: "GET / HTTP/1.1" 502 upstream=10.0.0.3:8000');
  });
});

describe('what the environ says of the server (gunicorn/http/wsgi.py base_environ, workers/gthread.py)', () => {
  /** wsgi.multithread and wsgi.multiprocess of the first WSGI call. */
  function serverKeys(config: Record<string, unknown>): Record<string, string> {
    const call = runRaw(gunicornExample('gunicorn-3-workers', config)).find((event) => event.protocol === 'wsgi')!;
    const environ = (call.message!.layers.at(-1) as WsgiCallLayer).environ;
    return Object.fromEntries(environ.filter(([key]) => key === 'wsgi.multithread' || key === 'wsgi.multiprocess'));
  }

  it('sync workers: multiprocess only when --workers is above 1, never multithread', () => {
    expect(serverKeys({ workers: 3 })).toEqual({ 'wsgi.multithread': 'False', 'wsgi.multiprocess': 'True' });
    expect(serverKeys({ workers: 1 })).toEqual({ 'wsgi.multithread': 'False', 'wsgi.multiprocess': 'False' });
  });

  it('a gthread worker sets multithread, since its threads share the process', () => {
    expect(serverKeys({ workers: 1, threads: 4 })).toEqual({ 'wsgi.multithread': 'True', 'wsgi.multiprocess': 'False' });
    expect(serverKeys({ workers: 2, worker_class: 'gthread', threads: 1 })).toEqual({ 'wsgi.multithread': 'True', 'wsgi.multiprocess': 'True' });
  });
});

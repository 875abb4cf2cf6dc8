import { describe, expect, it } from 'vitest';
import { createPlayback, isAtEnd, nodeStatus, stepBack, stepForward, traceEventToJson, type NodeStatus } from '../../index.ts';
import { Simulator } from '../../engine/simulator.ts';
import { mustImport, type RawDocument } from '../../test-support/documents.node.ts';
import { gunicornExample, notes, run } from './gunicorn-harness.node.ts';

/** Every status the Gunicorn node shows while the run is played event by event. */
function statuses(raw: RawDocument): NodeStatus[] {
  let playback = createPlayback(mustImport(raw));
  const seen: NodeStatus[] = [nodeStatus(playback, 'app1')!];
  while (!isAtEnd(playback)) {
    playback = stepForward(playback);
    seen.push(nodeStatus(playback, 'app1')!);
  }
  return seen;
}

/** The states one worker slot goes through, each change once: "pid 1080 busy". */
function history(seen: NodeStatus[], slot: number): string[] {
  const changes: string[] = [];
  for (const status of seen) {
    const worker = status.workers![slot]!;
    const text = `${worker.id} ${worker.state}`;
    if (changes.at(-1) !== text) changes.push(text);
  }
  return changes;
}

describe('worker states on the node', () => {
  it('a worker goes idle, busy, killed, booting (with a new pid), idle and busy again in worker-timeout.json', () => {
    expect(history(statuses(gunicornExample('worker-timeout')), 0)).toEqual([
      'pid 1080 idle',
      'pid 1080 busy',
      'pid 1080 killed',
      'pid 1081 booting',
      'pid 1081 idle',
      'pid 1081 busy',
      'pid 1081 idle',
      // Chromium's /favicon.ico after the page.
      'pid 1081 busy',
      'pid 1081 idle',
    ]);
  });

  it('a busy worker shows its request, and the headline counts workers, or threads with gthread', () => {
    const sync = statuses(gunicornExample('gunicorn-3-workers'));
    const backlog = (status: NodeStatus) => status.details.find((detail) => detail.label === 'Backlog')?.value;
    const busiest = sync.find((status) => status.headline === '3 of 3 workers busy' && backlog(status) === '3')!;
    expect(busiest.workers![0]).toEqual({ id: 'pid 1080', state: 'busy', detail: 'GET /slow?ms=1000 HTTP/1.1' });

    const threaded = statuses(gunicornExample('gunicorn-3-workers', { workers: 2, threads: 2 }));
    const full = threaded.find((status) => status.headline === '4 of 4 threads busy' && backlog(status) === '2')!;
    expect(full.workers![0]).toEqual({ id: 'pid 1080', state: 'busy', detail: '2 of 2 threads: GET /slow?ms=1000 HTTP/1.1, GET /slow?ms=1000 HTTP/1.1' });
    expect(full.details).toContainEqual({ label: 'Worker class', value: 'gthread, 2 × 2 threads' });
  });

  it("shows Gunicorn's error log: the start, the timeout, the exit and the new worker's boot, with the writing process's pid", () => {
    const last = statuses(gunicornExample('worker-timeout')).at(-1)!;
    const errorLog = last.logs!.find((log) => log.name === 'error log (stderr)')!.lines;
    expect(errorLog).toEqual([
      '[2026-11-23 20:15:27 +0000] [1079] [INFO] Starting gunicorn 20.1.0',
      '[2026-11-23 20:15:27 +0000] [1079] [INFO] Listening at: http://0.0.0.0:8000 (1079)',
      '[2026-11-23 20:15:27 +0000] [1079] [INFO] Using worker: sync',
      '[2026-11-23 20:15:27 +0000] [1080] [INFO] Booting worker with pid: 1080',
      '[2026-11-23 20:15:29 +0000] [1079] [CRITICAL] WORKER TIMEOUT (pid:1080)',
      '[2026-11-23 20:15:29 +0000] [1080] [INFO] Worker exiting (pid: 1080)',
      '[2026-11-23 20:15:29 +0000] [1081] [INFO] Booting worker with pid: 1081',
    ]);
    expect(last.details).toContainEqual({ label: 'Worker timeouts', value: '1' });
  });

  it("says 'Using worker: gthread' when --threads is above 1 with the sync class, as Gunicorn does", () => {
    const first = statuses(gunicornExample('worker-timeout', { threads: 4 }))[0]!;
    expect(first.logs![0]!.lines[2]).toBe('[2026-11-23 20:15:27 +0000] [1079] [INFO] Using worker: gthread');
  });

  it('writes the access log in the default access_log_format when --access-logfile is set, and none without it', () => {
    const last = statuses(gunicornExample('worker-timeout')).at(-1)!;
    const access = last.logs!.find((log) => log.name === 'access log (stdout)')!.lines;
    // The killed request never gets a line: the worker died before writing it.
    expect(access).toEqual([
      '10.0.0.10 - - [23/Nov/2026:20:15:30 +0000] "GET / HTTP/1.1" 200 13 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"',
      '10.0.0.10 - - [23/Nov/2026:20:15:30 +0000] "GET /favicon.ico HTTP/1.1" 404 207 "http://app.example.com:8000/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"',
    ]);
    const raw = gunicornExample('worker-timeout');
    delete (raw.nodes.find((node) => node['id'] === 'app1')!['config'] as Record<string, unknown>)['accesslog'];
    expect(statuses(raw).at(-1)!.logs!.map((log) => log.name)).toEqual(['error log (stderr)']);
    expect(notes(run(raw)).some((note) => note.startsWith('access log:'))).toBe(false);
  });

  it('stepping back restores the worker states', () => {
    let playback = createPlayback(mustImport(gunicornExample('worker-timeout')));
    while (nodeStatus(playback, 'app1')!.workers![0]!.state !== 'killed') playback = stepForward(playback);
    const killed = nodeStatus(playback, 'app1');
    playback = stepBack(playback);
    expect(nodeStatus(playback, 'app1')!.workers![0]!.state).toBe('busy');
    expect(nodeStatus(stepForward(playback), 'app1')).toEqual(killed);
  });
});

describe('gunicorn --timeout', () => {
  it('kills the sync worker at exactly --timeout after it took the request; the browser gets an empty reply', () => {
    const events = run(gunicornExample('worker-timeout'));
    const busy = events.find((event) => event.from === 'app1' && event.summary === 'Worker 1 (pid 1080) busy: GET /slow?ms=5000 HTTP/1.1')!;
    const critical = events.find((event) => event.summary === '[CRITICAL] WORKER TIMEOUT (pid:1080)')!;
    expect(critical.t - busy.t).toBe(2000);
    const fin = events.find((event) => event.type === 'send' && event.from === 'app1' && event.t === critical.t)!;
    expect(fin.summary).toMatch(/\[FIN, ACK\]/);
    expect(notes(events, 'browser')).toContain('This page isn’t working: ERR_EMPTY_RESPONSE');
    // The application's late answer never reaches the browser as a response.
    expect(events.some((event) => event.type === 'send' && event.from === 'app1' && event.summary.startsWith('HTTP/1.1 200') && event.t < 3000)).toBe(false);
  });

  it('0 never kills', () => {
    const events = run(gunicornExample('worker-timeout', { timeout: 0 }));
    expect(notes(events).some((note) => note.includes('WORKER TIMEOUT'))).toBe(false);
    expect(notes(events, 'browser').filter((note) => note.startsWith('Page loaded'))).toHaveLength(2);
  });

  it('does not kill a gthread worker whose thread is slow: its main loop keeps notifying the arbiter', () => {
    const events = run(gunicornExample('worker-timeout', { threads: 2 }));
    expect(notes(events).some((note) => note.includes('WORKER TIMEOUT'))).toBe(false);
    const loaded = events.filter((event) => event.from === 'browser' && event.summary.startsWith('Page loaded'));
    // The second visit (at 3 s) runs on the other thread while the first still sleeps.
    expect(loaded.map((event) => Math.round(event.t / 1000))).toEqual([3, 5]);
  });
});

describe('states changed in place (a load run) and copied on write (a playback)', () => {
  it.each([
    ['worker-timeout', {}],
    ['gunicorn-3-workers', { workers: 1, threads: 2 }],
    ['gunicorn-3-workers', { workers: 1, backlog: 2 }],
  ] as const)('%s %j gives the same trace', (name, config) => {
    const document = mustImport(gunicornExample(name, config));
    const inPlace = run(gunicornExample(name, config)).map(traceEventToJson);
    const copied: string[] = [];
    const simulator = new Simulator(document, document.seed, { recordStates: true, onEvent: (event) => copied.push(traceEventToJson(event)) });
    while (simulator.step()) {
      // each step reports its events through onEvent
    }
    expect(copied).toEqual(inPlace);
  });
});

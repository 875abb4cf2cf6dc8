import { describe, expect, it } from 'vitest';
import { readReference } from '../../test-support/reference.node.ts';
import { gunicornExample, notes, pageLoadTimes, run, sixSlowRequests, traceLines } from './gunicorn-harness.node.ts';

interface Scenario {
  readonly gunicorn_cmd: string;
  readonly done_ms_sorted_per_run: number[][];
  readonly requests_per_worker_pid_per_run: number[][];
}

const recorded = readReference<{ scenarios: Record<string, Scenario> }>('gunicorn-concurrency.json').scenarios;
const seconds = (ms: number[]) => ms.map((value) => Math.round(value / 1000));

describe('gunicorn-3-workers.json against gunicorn-concurrency.json', () => {
  it.each([
    ['workers_3_sync__direct', 3],
    ['workers_1_sync__direct', 1],
  ] as const)('%s: the six requests finish when the recording says, none refused', (scenario, workers) => {
    const recording = recorded[scenario]!;
    expect(recording.gunicorn_cmd).toContain(`--workers ${workers} `);
    const simulated = sixSlowRequests({ workers });
    for (const run of recording.done_ms_sorted_per_run) expect(simulated).toEqual(seconds(run));
    expect(simulated).toEqual(workers === 3 ? [1, 1, 1, 2, 2, 2] : [1, 2, 3, 4, 5, 6]);
  });

  it('finishes within a few milliseconds of the recorded times (the view sleeps 1000 ms; the rest is the network)', () => {
    const times = pageLoadTimes(run(gunicornExample('gunicorn-3-workers')));
    const reference = recorded['workers_3_sync__direct']!.done_ms_sorted_per_run[0]!;
    times.forEach((ms, index) => expect(Math.abs(ms - reference[index]!)).toBeLessThan(20));
  });

  it('spreads the requests two per worker pid, as recorded with three workers', () => {
    const busy = notes(run(gunicornExample('gunicorn-3-workers'))).filter((note) => /^Worker \d+ \(pid \d+\) busy: GET \/slow/.test(note));
    const perPid = new Map<string, number>();
    for (const note of busy) {
      const pid = /\(pid (\d+)\)/.exec(note)![1]!;
      perPid.set(pid, (perPid.get(pid) ?? 0) + 1);
    }
    expect([...perPid.values()]).toEqual(recorded['workers_3_sync__direct']!.requests_per_worker_pid_per_run[0]);
  });
});

describe('gunicorn --threads (gthread)', () => {
  it('runs --threads requests at once in each worker: 1 worker × 3 threads is as fast as 3 sync workers', () => {
    expect(sixSlowRequests({ workers: 1, threads: 3 })).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it('with room for all six (3 workers × 2 threads), every request finishes at about 1 s', () => {
    expect(sixSlowRequests({ workers: 3, threads: 2 })).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('worker_class gthread with one thread behaves as sync for concurrency', () => {
    expect(sixSlowRequests({ workers: 2, worker_class: 'gthread' })).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('says which thread count a worker is at, and that requests beyond the threads wait in the backlog', () => {
    const said = notes(run(gunicornExample('gunicorn-3-workers', { workers: 1, threads: 3 })));
    expect(said).toContain('Worker 1 (pid 1080) busy (3 of 3 threads): GET /slow?ms=1000 HTTP/1.1');
    expect(said).toContain('All 1 workers × 3 threads busy: GET /slow?ms=1000 HTTP/1.1 waits in the backlog (3 waiting)');
    expect(said).toContain('Worker 1 (pid 1080): 2 of 3 threads busy');
  });
});

describe('gunicorn --backlog', () => {
  it('queues connections up to the backlog without refusing any', () => {
    const events = run(gunicornExample('gunicorn-3-workers', { workers: 1, backlog: 5 }));
    expect(events.some((event) => event.from === 'app1' && event.type === 'send' && event.summary.includes('[RST'))).toBe(false);
    expect(notes(events).some((note) => note.includes('dropped'))).toBe(false);
    expect(pageLoadTimes(events)).toHaveLength(6);
  });

  it('drops SYNs beyond it, as Linux does with a full listen queue: Linux lets backlog + 1 wait', () => {
    const events = run(gunicornExample('gunicorn-3-workers', { workers: 1, backlog: 2 }));
    const dropped = notes(events).filter((note) => / dropped: the listen queue is full/.test(note));
    expect(dropped).toHaveLength(3);
    expect(dropped[0]).toMatch(/^SYN from 10\.0\.0\.10:\d+ dropped: the listen queue is full \(3 waiting, backlog 2\)$/);
    // On a lossless link the client's TCP never sends the SYN again (docs/nodes/gunicorn.md): three pages load.
    expect(pageLoadTimes(events)).toHaveLength(3);
  });

  it('a dropped SYN is sent again by the client and gets in once the queue has room', () => {
    const raw = gunicornExample('gunicorn-3-workers', { workers: 1, backlog: 2 });
    // A lossy link turns on TCP's retransmission timers (the loss itself is too rare to hit here).
    for (const link of raw.links) if (link['id'] === 'browser-app1') link['lossPercent'] = 0.001;
    const events = run(raw);
    expect(notes(events).filter((note) => note.includes('dropped'))).not.toHaveLength(0);
    expect(pageLoadTimes(events)).toHaveLength(6);
  });
});

describe('determinism', () => {
  it('gives the same trace for the same seed, and other pids for another', () => {
    for (const config of [{}, { threads: 2, keepalive: 1 }, { workers: 1, backlog: 2 }]) {
      const raw = () => gunicornExample('gunicorn-3-workers', config);
      expect(traceLines(raw(), 7)).toEqual(traceLines(raw(), 7));
      expect(traceLines(raw(), 7)).not.toEqual(traceLines(raw(), 8));
    }
    expect(traceLines(gunicornExample('worker-timeout'))).toEqual(traceLines(gunicornExample('worker-timeout')));
  });
});

import type { NodeStatus, WorkerStatus } from '../../model/status.ts';
import { requestLine } from '../../protocols/http.ts';
import { openConnections } from '../tcp-endpoint.ts';
import { workerClass, type GunicornConfig } from './config.ts';
import { accessLogLine, errorLogLine, LOG_LINES_SHOWN } from './logs.ts';
import { threadsOf, type GunicornState, type Worker } from './state.ts';

/**
 * What a Gunicorn node shows: each worker by pid with its state (booting, idle, busy, killed)
 * and the requests its threads run, the listen queue, and the error and access logs.
 */
export function gunicornStatus(state: GunicornState, config: GunicornConfig): NodeStatus {
  const threads = threadsOf(config);
  const busyWorkers = state.workers.filter((worker) => worker.state === 'busy').length;
  const busyThreads = state.workers.reduce((sum, worker) => sum + worker.slots.length, 0);
  const down = state.workers.filter((worker) => worker.state === 'killed' || worker.state === 'booting').length;
  const workers: WorkerStatus[] = state.workers.map((worker) => ({
    id: `pid ${worker.pid}`,
    state: worker.state,
    ...(worker.slots.length > 0 ? { detail: workerDetail(worker, threads) } : {}),
  }));
  const restarting = down > 0 ? `, ${down} restarting` : '';
  const headline =
    threads === 1 ? `${busyWorkers} of ${state.workers.length} workers busy${restarting}` : `${busyThreads} of ${state.workers.length * threads} threads busy${restarting}`;
  const logs = [
    { name: 'error log (stderr)', lines: state.errorLog.slice(-LOG_LINES_SHOWN).map(errorLogLine) },
    ...(config.accesslog ? [{ name: config.accesslog === '-' ? 'access log (stdout)' : config.accesslog, lines: state.accessLog.slice(-LOG_LINES_SHOWN).map(accessLogLine) }] : []),
  ];
  return {
    headline,
    details: [
      { label: 'Listening', value: `0.0.0.0:${config.port}` },
      ...(workerClass(config) === 'gthread' ? [{ label: 'Worker class', value: `gthread, ${config.workers} × ${threads} threads` }] : []),
      { label: 'Backlog', value: String(state.backlog.length) },
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'Served', value: String(state.served) },
      ...(state.timeouts > 0 ? [{ label: 'Worker timeouts', value: String(state.timeouts) }] : []),
      ...(state.overflows > 0 ? [{ label: 'SYNs dropped (listen queue full)', value: String(state.overflows) }] : []),
    ],
    workers,
    logs,
    active: busyWorkers > 0 || down > 0,
  };
}

/** "GET / HTTP/1.0" for a sync worker; "2 of 4 threads: GET /a HTTP/1.0, GET /b HTTP/1.0" with threads. */
function workerDetail(worker: Worker, threads: number): string {
  const lines = worker.slots.map((slot) => requestLine(slot.request)).join(', ');
  return threads === 1 ? lines : `${worker.slots.length} of ${threads} threads: ${lines}`;
}

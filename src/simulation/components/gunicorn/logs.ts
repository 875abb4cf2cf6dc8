import type { LazyText, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import { RUN_EPOCH_MS, requestLine } from '../../protocols/http.ts';
import { appendLine, LOG_LINES_SHOWN } from '../log-lines.ts';

/**
 * Gunicorn's two logs (gunicorn/glogging.py, 20.1.0). The error log (`--error-logfile`,
 * stderr by default) gets the arbiter's and the workers' messages as
 * `[2026-11-23 20:15:27 +0000] [14217] [INFO] Booting worker with pid: 14218`; the access log
 * (`--access-logfile`, off by default) gets one line per response in the default
 * `access_log_format`, `%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`.
 * Lines are kept as their parts and written only when someone reads them.
 */

export type LogLevel = 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface ErrorLogEntry {
  readonly time: number;
  /** The process that writes the line: the master, or a worker about itself. */
  readonly pid: number;
  readonly level: LogLevel;
  readonly message: string;
}

export interface AccessLogEntry {
  /** When the response was written (%(t)s is the time of logging). */
  readonly time: number;
  readonly remoteAddr: string;
  readonly request: HttpRequestPayload;
  readonly status: number;
  /** %(b)s: body bytes sent. */
  readonly bodyBytes: number;
}

export interface HasGunicornLogs {
  readonly errorLog: readonly ErrorLogEntry[];
  readonly accessLog: readonly AccessLogEntry[];
}

export { LOG_LINES_SHOWN };

/** The lines the master writes as it starts (Arbiter.start, spawn_worker), before the run begins. */
export function startupLog(masterPid: number, port: number, workerClass: string, workerPids: readonly number[]): ErrorLogEntry[] {
  return [
    { time: 0, pid: masterPid, level: 'INFO', message: 'Starting gunicorn 20.1.0' },
    { time: 0, pid: masterPid, level: 'INFO', message: `Listening at: http://0.0.0.0:${port} (${masterPid})` },
    { time: 0, pid: masterPid, level: 'INFO', message: `Using worker: ${workerClass}` },
    ...workerPids.map((pid): ErrorLogEntry => ({ time: 0, pid, level: 'INFO', message: `Booting worker with pid: ${pid}` })),
  ];
}

/** Adds an error-log line and notes it in the trace as `[LEVEL] message`. */
export function logError(ctx: NodeContext<HasGunicornLogs>, pid: number, level: LogLevel, message: string): void {
  const state = ctx.draft();
  state.errorLog = appendLine(state.errorLog, { time: ctx.now, pid, level, message }, ctx.inPlace);
  ctx.note(`[${level}] ${message}`);
}

/** Adds an access-log line and notes it in the trace, written when read. */
export function logAccess(ctx: NodeContext<HasGunicornLogs>, entry: AccessLogEntry): void {
  const state = ctx.draft();
  state.accessLog = appendLine(state.accessLog, entry, ctx.inPlace);
  ctx.note(new AccessNote(entry));
}

class AccessNote implements LazyText {
  constructor(private readonly entry: AccessLogEntry) {}

  text(): string {
    return `access log: ${accessLogLine(this.entry)}`;
  }
}


/** `[2026-11-23 20:15:27 +0000] [14217] [INFO] Starting gunicorn 20.1.0` */
export function errorLogLine(entry: ErrorLogEntry): string {
  const d = new Date(RUN_EPOCH_MS + entry.time);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `[${day} ${clock(d)} +0000] [${entry.pid}] [${entry.level}] ${entry.message}`;
}

/** `10.0.0.2 - - [23/Nov/2026:20:15:27 +0000] "GET / HTTP/1.0" 200 155 "-" "curl/7.88.1"` */
export function accessLogLine(entry: AccessLogEntry): string {
  const d = new Date(RUN_EPOCH_MS + entry.time);
  const time = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock(d)} +0000`;
  const referer = header(entry.request, 'referer') ?? '-';
  const agent = header(entry.request, 'user-agent') ?? '-';
  return `${entry.remoteAddr} - - [${time}] "${requestLine(entry.request)}" ${entry.status} ${entry.bodyBytes} "${referer}" "${agent}"`;
}

function header(request: HttpRequestPayload, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');
const clock = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

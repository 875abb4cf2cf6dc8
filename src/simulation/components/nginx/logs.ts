import type { LazyText, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import { httpDate, requestLine } from '../../protocols/http.ts';
import { DEFAULT_LOG_FORMAT, type ServerBlock } from './config.ts';
import { requestVariable, VARIABLE } from './variables.ts';
import { appendLine, LOG_LINES_SHOWN } from '../log-lines.ts';

/**
 * nginx's two logs. access.log gets one line per finished request, written in the
 * `log_format` (ngx_http_log_module); error.log gets nginx's own messages with its timestamp.
 * Lines are kept as their parts and written only when someone reads them, so a load run of a
 * million requests pays for no text.
 */

/** One access.log line, kept as its parts. */
export interface AccessLogEntry {
  readonly clientAddr: string;
  /** When the response was sent. */
  readonly time: number;
  /** When the request arrived, for $request_time. */
  readonly start: number;
  readonly request: HttpRequestPayload;
  readonly status: number;
  /** $body_bytes_sent. */
  readonly bodyBytes: number;
  /** $upstream_addr: every server tried, or '-' when the request was not proxied. */
  readonly upstreamAddr: string;
  /** $upstream_status, '-' when there was no upstream answer. */
  readonly upstreamStatus: string;
  readonly server: ServerBlock;
  readonly scheme: 'http' | 'https';
  readonly serverPort: number;
}

export interface HasLogs {
  readonly accessLog: readonly AccessLogEntry[];
  readonly errorLog: readonly string[];
}

export { LOG_LINES_SHOWN };

/** The variables only a log line has (ngx_http_log_module, ngx_http_upstream module). */
export const LOG_VARIABLES = ['$remote_user', '$time_local', '$time_iso8601', '$msec', '$request', '$status', '$body_bytes_sent', '$request_time', '$upstream_addr', '$upstream_status'];

/** Adds an access-log line and notes it in the trace. */
export function logAccess(ctx: NodeContext<HasLogs>, entry: AccessLogEntry): void {
  const state = ctx.draft();
  state.accessLog = appendLine(state.accessLog, entry, ctx.inPlace);
  ctx.note(new AccessNote(entry.request, entry.status, entry.upstreamAddr));
}

/** Adds an error-log line, with the error log's timestamp, and notes it in the trace. */
export function logError(ctx: NodeContext<HasLogs>, message: string): void {
  const line = `${errorLogTime(ctx.now)} ${message}`;
  const state = ctx.draft();
  state.errorLog = appendLine(state.errorLog, line, ctx.inPlace);
  ctx.note(`error.log: ${message}`);
}

/** The note an access-log line makes, written only when someone reads it. */
class AccessNote implements LazyText {
  constructor(
    private readonly request: HttpRequestPayload,
    private readonly status: number,
    private readonly upstreamAddr: string,
  ) {}

  text(): string {
    return `access.log: "${requestLine(this.request)}" ${this.status} upstream=${this.upstreamAddr}`;
  }
}


/**
 * An access.log line in `format`. As nginx writes it, a variable with no value is `-`
 * ($http_referer without a Referer), and a name nginx would not know stays as written (nginx
 * itself refuses to start; a check before the run says so).
 */
export function accessLogLine(entry: AccessLogEntry, format: string = DEFAULT_LOG_FORMAT): string {
  return format.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => {
    const value = logVariable(braced ?? bare!, entry);
    if (value === undefined) return whole;
    return value === '' ? '-' : value;
  });
}

function logVariable(name: string, entry: AccessLogEntry): string | undefined {
  switch (name) {
    case 'remote_user':
      return '';
    case 'time_local':
      return logTime(entry.time);
    case 'time_iso8601':
      return new Date(Date.parse(httpDate(entry.time))).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    case 'msec':
      return (entry.time / 1000).toFixed(3);
    case 'request':
      return requestLine(entry.request);
    case 'status':
      return String(entry.status);
    case 'body_bytes_sent':
      return String(entry.bodyBytes);
    case 'request_time':
      return ((entry.time - entry.start) / 1000).toFixed(3);
    case 'upstream_addr':
      return entry.upstreamAddr;
    case 'upstream_status':
      return entry.upstreamStatus;
  }
  return requestVariable(name, { request: entry.request, server: entry.server, scheme: entry.scheme, remoteAddr: entry.clientAddr, serverPort: entry.serverPort });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let logTimeSecond = Number.NaN;
let logTimeText = '';

/** $time_local, e.g. 23/Nov/2026:20:15:27 +0000 (the simulated machine runs on UTC). */
function logTime(virtualMs: number): string {
  const second = Math.floor(virtualMs / 1000);
  if (second !== logTimeSecond) {
    logTimeSecond = second;
    logTimeText = formatLogTime(virtualMs);
  }
  return logTimeText;
}

const pad = (value: number) => String(value).padStart(2, '0');

function formatLogTime(virtualMs: number): string {
  const date = new Date(Date.parse(httpDate(virtualMs)));
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** The error log's own timestamp format: 2026/11/23 20:15:27. */
function errorLogTime(virtualMs: number): string {
  const date = new Date(Date.parse(httpDate(virtualMs)));
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

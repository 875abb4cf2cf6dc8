import type { HttpRequestPayload, HttpResponsePayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { dateHeader, httpDate, requestLine } from '../../protocols/http.ts';
import { statusString, withoutBody, type Rendered } from '../flask/views.ts';
import type { FlaskDevServerConfig } from './config.ts';

/** What BaseHTTPRequestHandler.version_string() says for Werkzeug 2.2.2 on Python 3.11.2. */
export const WERKZEUG_SERVER = 'Werkzeug/2.2.2 Python/3.11.2';

const SERVER_HEADER: readonly [string, string] = ['Server', WERKZEUG_SERVER];
const CONNECTION_CLOSE: readonly [string, string] = ['Connection', 'close'];

/**
 * The response Werkzeug 2.2's WSGIRequestHandler writes for the app's answer. send_response()
 * writes the status line with the WSGI status text ('404 NOT FOUND'), then Server and Date;
 * then the app's headers; then, since Werkzeug 2.1.2, always `Connection: close` (keep-alive
 * is disabled because http.server cannot drain an unread body). The status line says
 * HTTP/1.1 only when threaded: a single-threaded server keeps http.server's HTTP/1.0.
 */
export function werkzeugResponse(config: FlaskDevServerConfig, request: HttpRequestPayload, rendered: Rendered, now: number): HttpResponsePayload {
  const sent = request.method === 'HEAD' ? withoutBody(rendered) : rendered;
  const status = statusString(sent.status);
  const headers: HeaderList = [SERVER_HEADER, dateHeader(now), ...sent.headers, CONNECTION_CLOSE];
  return { protocol: 'http', kind: 'response', version: config.threaded ? 'HTTP/1.1' : 'HTTP/1.0', status: sent.status, reason: status.slice(status.indexOf(' ') + 1), headers, body: sent.body };
}

/** One request line of Werkzeug's log, kept as its parts and written when read. */
export interface LoggedRequest {
  readonly client: string;
  readonly time: number;
  readonly request: HttpRequestPayload;
  readonly status: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** BaseHTTPRequestHandler.log_date_time_string(): 23/Nov/2026 20:15:27 (the simulated machine runs on UTC). */
export function logDateTime(virtualMs: number): string {
  const date = new Date(Date.parse(httpDate(virtualMs)));
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/**
 * WSGIRequestHandler.log_request(): `10.0.0.10 - - [23/Nov/2026 20:15:27] "GET / HTTP/1.1" 200 -`.
 * It is called from send_response() with no size, so the last field is always '-'.
 */
export function requestLogLine(entry: LoggedRequest): string {
  return `${entry.client} - - [${logDateTime(entry.time)}] "${requestLine(entry.request)}" ${entry.status} -`;
}

/** What `flask run` prints before the first request (Flask 2.2, Werkzeug 2.2's log_startup). */
export function startupLines(config: FlaskDevServerConfig): string[] {
  const lines = [
    ` * Serving Flask app '${config.import_name}'`,
    ' * Debug mode: off',
    'WARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.',
  ];
  if (config.host === '0.0.0.0') {
    lines.push(' * Running on all addresses (0.0.0.0)', ` * Running on http://127.0.0.1:${config.port}`, ` * Running on http://${config.address}:${config.port}`);
  } else {
    lines.push(` * Running on http://${config.host}:${config.port}`);
  }
  lines.push('Press CTRL+C to quit');
  return lines;
}

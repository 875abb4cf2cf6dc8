import type { HeaderList } from '../model/message.ts';
import type { HttpRequestPayload, HttpResponsePayload } from '../engine/packet.ts';
import { utf8Length } from './bytes.ts';

/** Reason phrases as nginx and Gunicorn send them (nginx writes "Gateway Time-out"). */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Time-out',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? 'Unknown';
}

/**
 * The virtual clock's zero as a wall-clock instant, for Date headers: the moment the
 * reference recordings were made (Mon, 23 Nov 2026 20:15:27 GMT).
 */
export const RUN_EPOCH_MS = Date.UTC(2026, 10, 23, 20, 15, 27);

let cachedSecond = Number.NaN;
let cachedDate = '';

/** An IMF-fixdate for a virtual time, as the Date header writes it (RFC 9110 section 5.6.7). */
export function httpDate(virtualMs: number): string {
  const second = Math.floor((RUN_EPOCH_MS + virtualMs) / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(second * 1000).toUTCString();
  }
  return cachedDate;
}

export function requestLine(request: HttpRequestPayload): string {
  return `${request.method} ${request.target} ${request.version}`;
}

export function statusLine(response: HttpResponsePayload): string {
  return `${response.version} ${response.status} ${response.reason}`;
}

function headerBlock(headers: HeaderList): string {
  let block = '';
  for (const [name, value] of headers) block += `${name}: ${value}\r\n`;
  return block;
}

// Header lists are read-only and often shared between messages (every navigation of one
// host sends the same list), so each list's length is computed once.
const headerLengths = new WeakMap<HeaderList, number>();

function headerBlockLength(headers: HeaderList): number {
  let length = headerLengths.get(headers);
  if (length === undefined) {
    length = 0;
    for (const [name, value] of headers) length += utf8Length(name) + utf8Length(value) + 4;
    headerLengths.set(headers, length);
  }
  return length;
}

/** The exact bytes on the wire: start line, headers, blank line, body; CRLF line endings. */
export function rawHttp(message: HttpRequestPayload | HttpResponsePayload): string {
  const start = message.kind === 'request' ? requestLine(message) : statusLine(message);
  return `${start}\r\n${headerBlock(message.headers)}\r\n${message.body}`;
}

/** The byte length of rawHttp(message), computed without building it. */
export function httpByteLength(message: HttpRequestPayload | HttpResponsePayload): number {
  const start = message.kind === 'request' ? requestLine(message) : statusLine(message);
  return utf8Length(start) + 2 + headerBlockLength(message.headers) + 2 + utf8Length(message.body);
}

/** The first value of a header, matched case-insensitively as HTTP requires. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Splits "http://host:port/path" into its parts; undefined when it is not such a URL. */
export function parseHttpUrl(url: string): { host: string; port: number; target: string } | undefined {
  const match = /^http:\/\/([^/:\s]+)(?::(\d{1,5}))?(\/[^\s]*)?$/.exec(url);
  if (!match) return undefined;
  return { host: match[1]!.toLowerCase(), port: match[2] ? Number(match[2]) : 80, target: match[3] ?? '/' };
}

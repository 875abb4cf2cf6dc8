import type { HeaderList } from '../model/message.ts';
import type { HttpRequestPayload, HttpResponsePayload } from '../engine/packet.ts';
import { utf8Length } from './bytes.ts';

/** Reason phrases as nginx and Gunicorn send them (nginx writes "Gateway Time-out"). */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
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

let dateLineText = '';
let dateLine: readonly [string, string] = ['Date', ''];

/**
 * The Date header line for a virtual time. Header lines are read-only and the date only
 * changes once a second, so messages sent in the same second share one.
 */
export function dateHeader(virtualMs: number): readonly [string, string] {
  const date = httpDate(virtualMs);
  if (date !== dateLineText) {
    dateLineText = date;
    dateLine = ['Date', date];
  }
  return dateLine;
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

// Header lists are read-only and some are shared by many messages (every navigation of one
// host sends the same list): those are measured once, when shareHeaders() is told about them.
const headerLengths = new WeakMap<HeaderList, number>();

function headerBlockLength(headers: HeaderList): number {
  return headerLengths.get(headers) ?? countHeaderBlock(headers);
}

function countHeaderBlock(headers: HeaderList): number {
  let length = 0;
  for (let index = 0; index < headers.length; index++) {
    const header = headers[index]!;
    length += utf8Length(header[0]) + utf8Length(header[1]) + 4;
  }
  return length;
}

/** Declares a header list that many messages will share, so its byte length is worked out once. */
export function shareHeaders<T extends HeaderList>(headers: T): T {
  headerLengths.set(headers, countHeaderBlock(headers));
  return headers;
}

/** The exact bytes on the wire: start line, headers, blank line, body; CRLF line endings. */
export function rawHttp(message: HttpRequestPayload | HttpResponsePayload): string {
  const start = message.kind === 'request' ? requestLine(message) : statusLine(message);
  return `${start}\r\n${headerBlock(message.headers)}\r\n${message.body}`;
}

/** The byte length of rawHttp(message), computed without building it. */
export function httpByteLength(message: HttpRequestPayload | HttpResponsePayload): number {
  // The start line's length from its parts, so no line is built just to be measured.
  const start =
    message.kind === 'request'
      ? utf8Length(message.method) + 1 + utf8Length(message.target) + 1 + utf8Length(message.version)
      : utf8Length(message.version) + 1 + utf8Length(String(message.status)) + 1 + utf8Length(message.reason);
  return start + 2 + headerBlockLength(message.headers) + 2 + utf8Length(message.body);
}

/** The first value of a header, matched case-insensitively as HTTP requires. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = lowerCase(name);
  for (const [key, value] of headers) if (lowerCase(key) === wanted) return value;
  return undefined;
}

const lowered = new Map<string, string>();

/**
 * A header name in lower case. Messages use a handful of names over and over, so each is
 * lowered once; the memo forgets everything if odd input ever makes it large.
 */
export function lowerCase(name: string): string {
  let lower = lowered.get(name);
  if (lower === undefined) {
    if (lowered.size >= 4096) lowered.clear();
    lower = name.toLowerCase();
    lowered.set(name, lower);
  }
  return lower;
}

export type UrlScheme = 'http' | 'https';

/** The port a scheme uses when the URL names none (RFC 9110 sections 4.2.1 and 4.2.2). */
export const DEFAULT_PORTS: Readonly<Record<UrlScheme, number>> = { http: 80, https: 443 };

/** Splits "http(s)://host:port/path" into its parts; undefined when it is not such a URL. */
export function parseHttpUrl(url: string): { scheme: UrlScheme; host: string; port: number; target: string } | undefined {
  const match = /^(https?):\/\/([^/:\s]+)(?::(\d{1,5}))?(\/[^\s]*)?$/.exec(url);
  if (!match) return undefined;
  const scheme = match[1] as UrlScheme;
  return { scheme, host: match[2]!.toLowerCase(), port: match[3] ? Number(match[3]) : DEFAULT_PORTS[scheme], target: match[4] ?? '/' };
}

/** scheme://host[:port], the port written only when it is not the scheme's default (RFC 6454). */
export function originString(scheme: UrlScheme, host: string, port: number): string {
  return port === DEFAULT_PORTS[scheme] ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}

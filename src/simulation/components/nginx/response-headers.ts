import type { HttpRequestPayload, HttpResponsePayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { dateHeader, headerValue, lowerCase, reasonPhrase } from '../../protocols/http.ts';
import { innerMap } from '../../engine/memo.ts';

/**
 * The response headers nginx 1.22 writes to the client, as its header filter
 * (ngx_http_header_filter_module.c) builds them: first the lines it writes itself, in a fixed
 * order, then r->headers_out.headers, the list of other headers, in the order they were added.
 *
 *   Server, Date, Content-Type, Content-Length, Last-Modified (static files only), Location
 *   (only a redirect nginx rewrote), Transfer-Encoding, Connection, Keep-Alive, the list.
 *
 * For a proxied response (ngx_http_upstream_process_headers, ngx_http_proxy_module.c):
 * - the status line is the upstream's own text, code and reason phrase, verbatim: nginx copies
 *   u->headers_in.status_line to r->headers_out.status_line and the header filter prints it
 *   instead of its own table, so Werkzeug's `304 NOT MODIFIED` reaches the client as is;
 * - Content-Type and Content-Length fill nginx's own slots; Content-Length is the upstream's
 *   value (the GET body's size for a HEAD), and there is none when the upstream sent none
 *   (a 304), since nginx writes one only when content_length_n >= 0;
 * - Date, Server, X-Pad and X-Accel-Expires are hidden (proxy_hide_header defaults),
 *   Connection, Keep-Alive, Transfer-Encoding and the other X-Accel-* headers are dropped;
 * - every other header goes to the list in the upstream's order, Last-Modified and ETag
 *   included (their copy handlers push them onto the list, so the fixed Last-Modified slot,
 *   used for static files, stays empty);
 * - a Location that starts with the proxy_pass URL is rewritten by `proxy_redirect default`
 *   and then made absolute (absolute_redirect on) in the fixed Location slot; any other
 *   Location stays in the list untouched.
 */

/** A response before nginx's header filter: its own slots, the list, and the body to send. */
export interface OutgoingResponse {
  readonly status: number;
  /** What follows the code on the status line: nginx's phrase for its pages, the upstream's for proxied ones. */
  readonly reason: string;
  readonly contentType: readonly [string, string] | undefined;
  readonly contentLength: readonly [string, string] | undefined;
  /** A static file's modification time, in the header filter's own slot. */
  readonly lastModified?: readonly [string, string];
  /** An absolute Location nginx wrote itself (a rewritten redirect). */
  readonly location: readonly [string, string] | undefined;
  /** The remaining headers, in order (r->headers_out.headers). */
  readonly passed: HeaderList;
  readonly body: string;
}

/** How `proxy_redirect default` rewrites an upstream Location: the proxy_pass URL becomes the location path. */
export interface RedirectRule {
  readonly pattern: string;
  readonly replacement: string;
}

/**
 * proxy_redirect default for `location <path> { proxy_pass <url>; }`: with no URI in
 * proxy_pass, "http://app" + "/" becomes "/"; with one ("http://app/"), the URL becomes the
 * location's path (ngx_http_proxy_merge_loc_conf).
 */
export function defaultRedirect(proxyPass: string, locationPath: string): RedirectRule {
  const byPath = innerMap(redirectRules, proxyPass);
  let rule = byPath.get(locationPath);
  if (!rule) {
    const hasUri = /^http:\/\/[^/]+\//.test(proxyPass);
    rule = hasUri ? { pattern: proxyPass, replacement: locationPath } : { pattern: `${proxyPass}/`, replacement: '/' };
    byPath.set(locationPath, rule);
  }
  return rule;
}

const redirectRules = new Map<string, Map<string, RedirectRule>>();

/** Upstream headers nginx never passes: hidden by default or handled and dropped. */
const NOT_PASSED = new Set([
  'date',
  'server',
  'x-pad',
  'x-accel-expires',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'x-accel-redirect',
  'x-accel-limit-rate',
  'x-accel-buffering',
  'x-accel-charset',
]);

/** Where the client reached nginx: the Host the request named, or nginx's own address. */
export interface ClientSide {
  readonly request: HttpRequestPayload;
  readonly localAddr: string;
  readonly localPort: number;
}

/** The response nginx sends the client for an upstream's response (see the file comment). */
export function proxiedResponse(upstream: HttpResponsePayload, rule: RedirectRule, client: ClientSide): OutgoingResponse {
  let contentType: readonly [string, string] | undefined;
  let contentLength: string | undefined;
  let location: readonly [string, string] | undefined;
  const passed: (readonly [string, string])[] = [];
  for (const header of upstream.headers) {
    const name = lowerCase(header[0]);
    if (NOT_PASSED.has(name)) continue;
    if (name === 'content-type') {
      // ngx_http_upstream_copy_content_type: a later one overwrites an earlier one.
      contentType = headerLine('Content-Type', header[1]);
    } else if (name === 'content-length') {
      contentLength ??= header[1];
    } else if (name === 'location' && header[1].startsWith(rule.pattern)) {
      location = headerLine('Location', absoluteUrl(rule.replacement + header[1].slice(rule.pattern.length), client));
    } else {
      passed.push(header);
    }
  }
  // An upstream body is read only when the response can have one (ngx_http_proxy_input_filter_init).
  const bodyless = client.request.method === 'HEAD' || upstream.status === 304 || upstream.status === 204;
  return {
    status: upstream.status,
    reason: upstream.reason,
    contentType,
    contentLength: contentLength === undefined ? undefined : headerLine('Content-Length', contentLength),
    location,
    passed,
    body: bodyless ? '' : upstream.body,
  };
}

/** A page nginx writes itself (ngx_http_special_response.c): text/html with its length; no body for HEAD. */
export function ownPage(status: number, body: string, request: HttpRequestPayload): OutgoingResponse {
  return {
    status,
    reason: nginxReason(status),
    contentType: TEXT_HTML,
    contentLength: headerLine('Content-Length', String(utf8Length(body))),
    location: undefined,
    passed: NOTHING,
    body: request.method === 'HEAD' ? '' : body,
  };
}

const TEXT_HTML: readonly [string, string] = ['Content-Type', 'text/html'];

/** nginx's own reason phrase (ngx_http_status_lines): "405 Not Allowed" where others say "Method Not Allowed". */
export function nginxReason(status: number): string {
  return status === 405 ? 'Not Allowed' : reasonPhrase(status);
}
const NOTHING: HeaderList = [];

/**
 * The header filter's absolute redirect: http://, the Host the client sent (without its
 * port, lower-cased, as ngx_http_validate_host keeps it) or nginx's address, nginx's port
 * unless it is 80, then the path.
 */
function absoluteUrl(path: string, client: ClientSide): string {
  const host = headerValue(client.request.headers, 'Host');
  const name = host ? host.replace(/:\d*$/, '').toLowerCase() : client.localAddr;
  return `http://${name}${client.localPort === 80 ? '' : `:${client.localPort}`}${path}`;
}

export const NGINX_VERSION = 'nginx/1.22.1';

const SERVER_HEADER: readonly [string, string] = ['Server', NGINX_VERSION];
const KEEP_ALIVE_HEADER: readonly [string, string] = ['Connection', 'keep-alive'];
const CLOSE_HEADER: readonly [string, string] = ['Connection', 'close'];

/**
 * The header lines of a response, in the header filter's order. Keep-Alive: timeout=N would
 * follow Connection only with keepalive_timeout's second (header) value, which the
 * configuration does not offer. Transfer-Encoding: chunked (nginx's answer to a body without
 * a length) is not modelled: every upstream response with a body here carries Content-Length.
 */
export function responseHeaders(response: OutgoingResponse, keepAlive: boolean, now: number): HeaderList {
  const headers: (readonly [string, string])[] = [SERVER_HEADER, dateHeader(now)];
  if (response.contentType) headers.push(response.contentType);
  if (response.contentLength) headers.push(response.contentLength);
  if (response.lastModified) headers.push(response.lastModified);
  if (response.location) headers.push(response.location);
  headers.push(keepAlive ? KEEP_ALIVE_HEADER : CLOSE_HEADER);
  const passed = response.passed;
  for (let index = 0; index < passed.length; index++) headers.push(passed[index]!);
  return headers;
}

/** Header lines are read-only, so one line per (name, value) is enough; the memo forgets when large. */
function headerLine(name: string, value: string): readonly [string, string] {
  const byValue = innerMap(headerLines, name);
  let line = byValue.get(value);
  if (!line) {
    if (byValue.size >= 256) byValue.clear();
    line = [name, value];
    byValue.set(value, line);
  }
  return line;
}

const headerLines = new Map<string, Map<string, readonly [string, string]>>();

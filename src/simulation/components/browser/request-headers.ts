import type { HeaderList } from '../../model/message.ts';
import { DEFAULT_PORTS, shareHeaders, type UrlScheme } from '../../protocols/http.ts';

/**
 * The headers headless Chromium 156 sends, by what the request is for, in Chromium's HTTP/1.1
 * wire order. The values of a navigation and a stylesheet request are those recorded in
 * ../shared/reference/chromium-page-load.json (the HAR lists them alphabetically; the order
 * here is the order Chromium writes on the wire: navigations from the browser process put the
 * client hints before User-Agent, requests from the renderer (subresources, fetch()) put
 * sec-ch-ua-platform first).
 */

/** What a request is for: Fetch's destination and mode, as Sec-Fetch-Dest/-Mode say it. */
export type Destination = 'document' | 'style' | 'script' | 'image' | 'favicon' | 'empty' | 'websocket';

/** Everything a request's headers depend on. */
export interface RequestSpec {
  readonly destination: Destination;
  /** A form submission (POST navigation) rather than a typed URL or a followed redirect of one. */
  readonly formSubmission: boolean;
  readonly method: string;
  readonly host: string;
  readonly scheme: UrlScheme;
  readonly port: number;
  readonly userAgent: string;
  readonly secFetchSite: 'none' | 'same-origin' | 'same-site' | 'cross-site';
  readonly referer: string | undefined;
  readonly origin: string | undefined;
  readonly contentType: string | undefined;
  /** The body's length in bytes, or undefined for a request without a body. */
  readonly contentLength: number | undefined;
  readonly cookie: string | undefined;
  /** If-None-Match / If-Modified-Since of a revalidation. */
  readonly conditions: HeaderList;
}

const SEC_CH_UA = '"Not:A-Brand";v="8", "Chromium";v="156"';
const DOCUMENT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const ACCEPT: Readonly<Record<Destination, string>> = {
  document: DOCUMENT_ACCEPT,
  style: 'text/css,*/*;q=0.1',
  script: '*/*',
  image: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  favicon: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  empty: '*/*',
  websocket: '*/*',
};
const FETCH_DEST: Readonly<Record<Destination, string>> = { document: 'document', style: 'style', script: 'script', image: 'image', favicon: 'image', empty: 'empty', websocket: 'websocket' };

/** The Host header: the port is written only when it is not the scheme's default. */
export function hostHeader(host: string, port: number, scheme: UrlScheme = 'http'): string {
  return port === DEFAULT_PORTS[scheme] ? host : `${host}:${port}`;
}

/** Chromium's request headers for `spec`, in wire order. */
export function chromiumHeaders(spec: RequestSpec): HeaderList {
  const headers: [string, string][] = [['Host', hostHeader(spec.host, spec.port, spec.scheme)], ['Connection', 'keep-alive']];
  if (spec.contentLength !== undefined) headers.push(['Content-Length', String(spec.contentLength)]);
  if (spec.destination === 'document') {
    // The browser process's order (recorded for a typed URL).
    if (spec.formSubmission) headers.push(['Cache-Control', 'max-age=0']);
    headers.push(['sec-ch-ua', SEC_CH_UA], ['sec-ch-ua-mobile', '?0'], ['sec-ch-ua-platform', '"Linux"'], ['Upgrade-Insecure-Requests', '1']);
    if (spec.origin !== undefined) headers.push(['Origin', spec.origin]);
    if (spec.contentType !== undefined) headers.push(['Content-Type', spec.contentType]);
    headers.push(['User-Agent', spec.userAgent], ['Accept', DOCUMENT_ACCEPT], ['Sec-Fetch-Site', spec.secFetchSite], ['Sec-Fetch-Mode', 'navigate'], ['Sec-Fetch-User', '?1'], ['Sec-Fetch-Dest', 'document']);
  } else {
    // The renderer's order (subresources and fetch()).
    headers.push(['sec-ch-ua-platform', '"Linux"'], ['User-Agent', spec.userAgent], ['sec-ch-ua', SEC_CH_UA]);
    if (spec.contentType !== undefined) headers.push(['Content-Type', spec.contentType]);
    headers.push(['sec-ch-ua-mobile', '?0'], ['Accept', ACCEPT[spec.destination]]);
    if (spec.origin !== undefined) headers.push(['Origin', spec.origin]);
    headers.push(['Sec-Fetch-Site', spec.secFetchSite], ['Sec-Fetch-Mode', spec.destination === 'empty' ? 'cors' : 'no-cors'], ['Sec-Fetch-Dest', FETCH_DEST[spec.destination]]);
  }
  if (spec.referer !== undefined) headers.push(['Referer', spec.referer]);
  headers.push(['Accept-Encoding', 'gzip, deflate, br, zstd'], ['Accept-Language', 'en-US,en;q=0.9']);
  if (spec.cookie !== undefined) headers.push(['Cookie', spec.cookie]);
  for (const condition of spec.conditions) headers.push([condition[0], condition[1]]);
  return headers;
}

const shared = new Map<string, HeaderList>();

/**
 * chromiumHeaders(), shared when the request carries nothing that changes from one request to
 * the next (no body, cookie or validators): a load run sends the same list each time, so it is
 * made and measured once.
 */
export function requestHeaders(spec: RequestSpec): HeaderList {
  if (spec.contentLength !== undefined || spec.cookie !== undefined || spec.conditions.length > 0 || spec.origin !== undefined) return chromiumHeaders(spec);
  const key = `${spec.destination}|${spec.formSubmission}|${spec.host}|${spec.port}|${spec.userAgent}|${spec.secFetchSite}|${spec.referer ?? ''}|${spec.contentType ?? ''}`;
  let headers = shared.get(key);
  if (!headers) {
    if (shared.size >= 4096) shared.clear();
    headers = shareHeaders(chromiumHeaders(spec));
    shared.set(key, headers);
  }
  return headers;
}

/**
 * The opening handshake of new WebSocket(url) (RFC 6455 section 4.1) in the order Chromium
 * writes it, as Wireshark captures of Chromium show: Connection: Upgrade with Pragma and
 * Cache-Control no-cache, Upgrade, the page's Origin, the version, then the usual
 * User-Agent, Accept-Encoding and Accept-Language, the Cookie, the random key and the
 * permessage-deflate offer. (No recording in ../shared/reference/ covers Chromium here.)
 */
export function websocketHandshakeHeaders(spec: { host: string; port: number; userAgent: string; origin: string; cookie: string | undefined; key: string }): HeaderList {
  const headers: [string, string][] = [
    ['Host', hostHeader(spec.host, spec.port)],
    ['Connection', 'Upgrade'],
    ['Pragma', 'no-cache'],
    ['Cache-Control', 'no-cache'],
    ['User-Agent', spec.userAgent],
    ['Upgrade', 'websocket'],
    ['Origin', spec.origin],
    ['Sec-WebSocket-Version', '13'],
    ['Accept-Encoding', 'gzip, deflate, br, zstd'],
    ['Accept-Language', 'en-US,en;q=0.9'],
  ];
  if (spec.cookie !== undefined) headers.push(['Cookie', spec.cookie]);
  headers.push(['Sec-WebSocket-Key', spec.key], ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits']);
  return headers;
}

/**
 * A form's fields as application/x-www-form-urlencoded, as the WHATWG URL standard's
 * serializer (and so Chromium) writes them: space as '+', everything but ASCII letters,
 * digits and `*-._` percent-encoded from UTF-8.
 *
 * @example formUrlEncode({ user: 'alice', note: 'hi there' }) // 'user=alice&note=hi+there'
 */
export function formUrlEncode(form: Readonly<Record<string, string>>): string {
  return Object.entries(form)
    .map(([name, value]) => `${encodeFormComponent(name)}=${encodeFormComponent(value)}`)
    .join('&');
}

function encodeFormComponent(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

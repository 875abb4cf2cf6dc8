import type { HeaderList } from '../model/message.ts';
import { RUN_EPOCH_MS, headerValue, lowerCase } from './http.ts';

/**
 * A browser's private HTTP cache (RFC 9111): what may be stored, how long it stays fresh,
 * how a stale response is revalidated and how a 304 refreshes it. Times are virtual
 * milliseconds; header dates are turned into virtual time through RUN_EPOCH_MS.
 */

export interface StoredResponse {
  readonly url: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
  readonly body: string;
  /** When the request that fetched it was sent, and when the response arrived (virtual ms). */
  readonly requestTime: number;
  readonly responseTime: number;
  /** The request's values of the header fields the response's Vary names (RFC 9111 section 4.1). */
  readonly varied: readonly (readonly [string, string | undefined])[];
}

/** Cache-Control directives by lower-case name: the argument, or true for a bare directive. */
export type Directives = ReadonlyMap<string, string | true>;

const NO_DIRECTIVES: Directives = new Map();
const parsedDirectives = new Map<string, Directives>();

/**
 * Parses a Cache-Control value (RFC 9111 section 5.2). Servers send a handful of values, so
 * each is parsed once.
 *
 * @example parseCacheControl('max-age=60, no-cache').get('max-age') // '60'
 */
export function parseCacheControl(value: string | undefined): Directives {
  if (value === undefined || value === '') return NO_DIRECTIVES;
  let directives = parsedDirectives.get(value);
  if (directives) return directives;
  const map = new Map<string, string | true>();
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    const name = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (name === '') continue;
    const argument = equals < 0 ? true : part.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
    if (!map.has(name)) map.set(name, argument);
  }
  directives = map;
  if (parsedDirectives.size >= 1024) parsedDirectives.clear();
  parsedDirectives.set(value, directives);
  return directives;
}

/** A delta-seconds argument (RFC 9111 section 1.2.2), or undefined when it is not one. */
function deltaSeconds(argument: string | true | undefined): number | undefined {
  return typeof argument === 'string' && /^\d+$/.test(argument) ? Number(argument) : undefined;
}

/** An HTTP date in virtual ms; undefined when absent or invalid. */
export function virtualTimeOf(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  const instant = Date.parse(date);
  return Number.isNaN(instant) ? undefined : instant - RUN_EPOCH_MS;
}

/** Status codes a cache may give heuristic freshness to (RFC 9110 section 15.1). */
const HEURISTICALLY_CACHEABLE = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

/**
 * Whether a response is worth storing: RFC 9111 section 3 (a GET, a final status, no
 * `no-store`) and, beyond the RFC, something that lets it be reused later: a freshness
 * lifetime or a validator (ETag, Last-Modified). A response with neither could only ever be
 * fetched again in full, so it is not kept.
 */
export function isStorable(method: string, status: number, headers: HeaderList): boolean {
  if (method !== 'GET' || status < 200 || status === 206 || status === 304) return false;
  const directives = parseCacheControl(listValue(headers, 'Cache-Control'));
  if (directives.has('no-store')) return false;
  if (listValue(headers, 'Vary')?.split(',').some((name) => name.trim() === '*')) return false;
  const explicit = directives.has('max-age') || headerValue(headers, 'Expires') !== undefined || directives.has('public');
  if (!explicit && !HEURISTICALLY_CACHEABLE.has(status)) return false;
  return explicit || headerValue(headers, 'ETag') !== undefined || headerValue(headers, 'Last-Modified') !== undefined;
}

/**
 * The freshness lifetime in ms (RFC 9111 section 4.2.1): max-age, else Expires minus Date,
 * else the heuristic 10% of the time since Last-Modified (section 4.2.2), else zero.
 */
export function freshnessLifetime(stored: StoredResponse): number {
  const directives = parseCacheControl(listValue(stored.headers, 'Cache-Control'));
  const maxAge = deltaSeconds(directives.get('max-age'));
  if (maxAge !== undefined) return maxAge * 1000;
  const date = virtualTimeOf(headerValue(stored.headers, 'Date')) ?? stored.responseTime;
  const expiresHeader = headerValue(stored.headers, 'Expires');
  if (expiresHeader !== undefined) {
    // An invalid Expires (such as "0") means already expired.
    const expires = virtualTimeOf(expiresHeader);
    return expires === undefined ? 0 : Math.max(0, expires - date);
  }
  const lastModified = virtualTimeOf(headerValue(stored.headers, 'Last-Modified'));
  if (lastModified !== undefined && HEURISTICALLY_CACHEABLE.has(stored.status)) return Math.max(0, Math.floor((date - lastModified) / 10));
  return 0;
}

/** The response's current age in ms (RFC 9111 section 4.2.3). */
export function currentAge(stored: StoredResponse, now: number): number {
  const ageValue = (deltaSeconds(headerValue(stored.headers, 'Age')) ?? 0) * 1000;
  const date = virtualTimeOf(headerValue(stored.headers, 'Date')) ?? stored.responseTime;
  const apparentAge = Math.max(0, stored.responseTime - date);
  const responseDelay = stored.responseTime - stored.requestTime;
  const correctedInitialAge = Math.max(apparentAge, ageValue + responseDelay);
  return correctedInitialAge + (now - stored.responseTime);
}

/** What the cache can do for a request: answer it, revalidate first, or nothing. */
export type CacheDecision =
  | { readonly kind: 'fresh'; readonly stored: StoredResponse; readonly ageMs: number; readonly lifetimeMs: number }
  | { readonly kind: 'revalidate'; readonly stored: StoredResponse; readonly reason: 'no-cache' | 'stale' | 'max-age=0'; readonly conditions: HeaderList }
  | { readonly kind: 'miss' };

const MISS: CacheDecision = { kind: 'miss' };

/**
 * Decides how to answer a GET from a stored response (RFC 9111 section 4): fresh and not
 * `no-cache` -> reuse it; otherwise, when it has a validator, send a conditional request.
 * `requestHeader` gives the new request's value of a header field, for Vary.
 */
export function lookUp(stored: StoredResponse | undefined, now: number, requestHeader: (name: string) => string | undefined, requestMaxAgeZero = false): CacheDecision {
  if (!stored) return MISS;
  for (const [name, value] of stored.varied) if (requestHeader(name) !== value) return MISS;
  const directives = parseCacheControl(listValue(stored.headers, 'Cache-Control'));
  // RFC 9111 section 5.2.1.1: a request's max-age=0 (Chromium sends it with a form submission)
  // accepts no stored copy unvalidated, however fresh.
  if (!directives.has('no-cache') && !requestMaxAgeZero) {
    const lifetimeMs = freshnessLifetime(stored);
    const ageMs = currentAge(stored, now);
    if (lifetimeMs > ageMs) return { kind: 'fresh', stored, ageMs, lifetimeMs };
  }
  const conditions = conditionalHeaders(stored);
  if (conditions.length === 0) return MISS;
  return { kind: 'revalidate', stored, reason: directives.has('no-cache') ? 'no-cache' : requestMaxAgeZero ? 'max-age=0' : 'stale', conditions };
}

/**
 * The validators a conditional request carries (RFC 9110 section 13.1, RFC 9111 section 4.3.1):
 * If-None-Match with the ETag, If-Modified-Since with the Last-Modified date, in Chromium's order.
 */
export function conditionalHeaders(stored: StoredResponse): HeaderList {
  const headers: [string, string][] = [];
  const etag = headerValue(stored.headers, 'ETag');
  if (etag !== undefined) headers.push(['If-None-Match', etag]);
  const lastModified = headerValue(stored.headers, 'Last-Modified');
  if (lastModified !== undefined) headers.push(['If-Modified-Since', lastModified]);
  return headers;
}

/** Header fields a 304 does not update (RFC 9111 section 3.2: Content-Length and hop-by-hop fields). */
const NOT_UPDATED = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection']);

/**
 * The stored response refreshed by a 304 (RFC 9111 section 4.3.4): its header fields are
 * replaced by the 304's, its body kept, and its age starts again from this exchange.
 */
export function freshenedBy304(stored: StoredResponse, notModified: HeaderList, requestTime: number, responseTime: number): StoredResponse {
  const replaced = new Set<string>();
  for (const [name] of notModified) if (!NOT_UPDATED.has(lowerCase(name))) replaced.add(lowerCase(name));
  const headers: [string, string][] = [];
  for (const header of stored.headers) if (!replaced.has(lowerCase(header[0]))) headers.push([header[0], header[1]]);
  for (const [name, value] of notModified) if (replaced.has(lowerCase(name))) headers.push([name, value]);
  return { ...stored, headers, requestTime, responseTime };
}

/** Whether a 304 answers the stored response (section 4.3.4): its ETag, when it has one, matches. */
export function matches304(stored: StoredResponse, notModified: HeaderList): boolean {
  const etag = headerValue(notModified, 'ETag');
  return etag === undefined || etag === headerValue(stored.headers, 'ETag');
}

/**
 * Whether a response to `method` invalidates the stored response for its URL (RFC 9111
 * section 4.4): an unsafe method answered with a non-error status.
 */
export function invalidates(method: string, status: number): boolean {
  return method !== 'GET' && method !== 'HEAD' && status >= 200 && status < 400;
}

/** The request header values a stored response was selected with, for the fields its Vary names. */
export function variedValues(responseHeaders: HeaderList, requestHeader: (name: string) => string | undefined): StoredResponse['varied'] {
  const vary = listValue(responseHeaders, 'Vary');
  if (vary === undefined) return NO_VARY;
  return vary
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => [name, requestHeader(name)] as const);
}

const NO_VARY: StoredResponse['varied'] = [];

/**
 * A list-valued header with all its field lines joined, as RFC 9110 section 5.3 says they
 * combine: `Cache-Control: max-age=60` then `Cache-Control: no-store` means both.
 */
function listValue(headers: HeaderList, name: string): string | undefined {
  let joined: string | undefined;
  const wanted = lowerCase(name);
  for (const [key, value] of headers) if (lowerCase(key) === wanted) joined = joined === undefined ? value : `${joined}, ${value}`;
  return joined;
}

/**
 * An RFC 6265 cookie jar, as a browser keeps it: Set-Cookie parsing (section 5.2), the storage
 * model (5.3) and the Cookie header (5.4), with the parts of RFC 6265bis that Chromium applies
 * (SameSite, Secure cookies only from secure origins). Times are wall-clock milliseconds
 * (virtual time plus http.ts's RUN_EPOCH_MS), so Expires dates compare with them directly.
 *
 * The jar is a read-only array: a change makes a new array, so a playback can step back.
 */

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly domain: string;
  readonly path: string;
  /** When it expires (wall-clock ms), or null for a session cookie (RFC 6265's persistent-flag false). */
  readonly expiry: number | null;
  readonly creation: number;
  /** Creation order, to break ties between cookies created in the same millisecond. */
  readonly order: number;
  readonly hostOnly: boolean;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** The SameSite attribute; undefined when absent (Chromium then treats the cookie as Lax). */
  readonly sameSite: SameSite | undefined;
}

export type CookieJar = readonly Cookie[];

/** A Set-Cookie header as section 5.2 parses it: the pair and the attributes that were understood. */
export interface ParsedSetCookie {
  readonly name: string;
  readonly value: string;
  /** Expires, as a wall-clock instant; absent when missing or unparsable. */
  readonly expires?: number;
  /** Max-Age in seconds (may be zero or negative: the cookie is then already expired). */
  readonly maxAge?: number;
  readonly domain?: string;
  /** The Path attribute; null when it was given but invalid (the default-path is used then). */
  readonly path?: string | null;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite?: SameSite;
}

/** Where a request (or the response that sets a cookie) goes, and in what context. */
export interface CookieContext {
  readonly host: string;
  /** The request target's path, without the query. */
  readonly path: string;
  /** https:// (never, in Stackscope today: there is no TLS yet). */
  readonly secure: boolean;
  readonly method: string;
  /** A navigation of the top-level frame (typed URL, link, form), not a subresource or fetch(). */
  readonly topLevelNavigation: boolean;
  /** The request is same-site with the page that made it (a typed URL counts as same-site). */
  readonly sameSite: boolean;
}

const WSP = /^[ \t]+|[ \t]+$/g;

function trimWsp(text: string): string {
  return text.replace(WSP, '');
}

/**
 * Parses a Set-Cookie value (RFC 6265 section 5.2). Returns undefined when the cookie must be
 * ignored (no '=' in the name-value pair, or an empty name).
 *
 * @example parseSetCookie('session=abc; HttpOnly; Path=/') // { name: 'session', value: 'abc', path: '/', httpOnly: true, ... }
 */
export function parseSetCookie(header: string): ParsedSetCookie | undefined {
  const semicolon = header.indexOf(';');
  const pair = semicolon < 0 ? header : header.slice(0, semicolon);
  const equals = pair.indexOf('=');
  if (equals < 0) return undefined;
  const name = trimWsp(pair.slice(0, equals));
  const value = trimWsp(pair.slice(equals + 1));
  if (name === '') return undefined;
  const parsed: { -readonly [K in keyof ParsedSetCookie]: ParsedSetCookie[K] } = { name, value, secure: false, httpOnly: false };
  if (semicolon < 0) return parsed;
  for (const av of header.slice(semicolon + 1).split(';')) {
    const split = av.indexOf('=');
    const attribute = trimWsp(split < 0 ? av : av.slice(0, split)).toLowerCase();
    const attributeValue = split < 0 ? '' : trimWsp(av.slice(split + 1));
    switch (attribute) {
      case 'expires': {
        const date = parseCookieDate(attributeValue);
        if (date !== undefined) parsed.expires = date;
        break;
      }
      case 'max-age':
        // 5.2.2: a first character other than a digit or '-', or any other non-digit, voids the attribute.
        if (/^-?\d+$/.test(attributeValue)) parsed.maxAge = Number(attributeValue);
        break;
      case 'domain':
        // 5.2.3: an empty value is ignored; a leading dot is dropped.
        if (attributeValue !== '') parsed.domain = (attributeValue.startsWith('.') ? attributeValue.slice(1) : attributeValue).toLowerCase();
        break;
      case 'path':
        parsed.path = attributeValue.startsWith('/') ? attributeValue : null;
        break;
      case 'secure':
        parsed.secure = true;
        break;
      case 'httponly':
        parsed.httpOnly = true;
        break;
      case 'samesite': {
        const lower = attributeValue.toLowerCase();
        // RFC 6265bis: an unknown value is ignored, as if the attribute were absent.
        if (lower === 'strict') parsed.sameSite = 'Strict';
        else if (lower === 'lax') parsed.sameSite = 'Lax';
        else if (lower === 'none') parsed.sameSite = 'None';
        break;
      }
    }
  }
  return parsed;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// 5.1.1: delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
const DATE_DELIMITERS = /[\t\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;

/**
 * The cookie-date algorithm of RFC 6265 section 5.1.1, which reads every date format servers
 * have ever sent. Returns a wall-clock instant in ms, or undefined when the date is invalid.
 *
 * @example parseCookieDate('Wed, 21 Oct 2015 07:28:00 GMT') // Date.UTC(2015, 9, 21, 7, 28, 0)
 */
export function parseCookieDate(text: string): number | undefined {
  let time: [number, number, number] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  for (const token of text.split(DATE_DELIMITERS)) {
    if (token === '') continue;
    const hms = time === undefined ? /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D.*)?$/.exec(token) : null;
    if (hms) {
      time = [Number(hms[1]), Number(hms[2]), Number(hms[3])];
      continue;
    }
    const dayMatch = day === undefined ? /^(\d{1,2})(?:\D.*)?$/.exec(token) : null;
    if (dayMatch) {
      day = Number(dayMatch[1]);
      continue;
    }
    if (month === undefined) {
      const index = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
      if (index >= 0) {
        month = index;
        continue;
      }
    }
    const yearMatch = year === undefined ? /^(\d{2,4})(?:\D.*)?$/.exec(token) : null;
    if (yearMatch) year = Number(yearMatch[1]);
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) return undefined;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  const [hour, minute, second] = time;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return undefined;
  const instant = Date.UTC(year, month, day, hour, minute, second);
  // A day the month does not have (30 February) is invalid, not rolled over.
  if (new Date(instant).getUTCDate() !== day) return undefined;
  return instant;
}

/** Section 5.1.3: does `host` domain-match `domain`? IP addresses match only themselves. */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith(domain) && host.charAt(host.length - domain.length - 1) === '.' && !/^\d+\.\d+\.\d+\.\d+$/.test(host);
}

/** Section 5.1.4: the directory of the request path ("/a/b" -> "/a", "/a" -> "/"). */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/';
  const last = requestPath.lastIndexOf('/');
  return last <= 0 ? '/' : requestPath.slice(0, last);
}

/** Section 5.1.4: does `requestPath` path-match `cookiePath`? */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

/** What storing a Set-Cookie did, for the browser's notes. */
export type StoreOutcome =
  | { readonly kind: 'stored' | 'replaced'; readonly cookie: Cookie }
  | { readonly kind: 'deleted'; readonly name: string }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Stores a Set-Cookie received for a request (section 5.3). Returns the new jar and what
 * happened; the jar is unchanged when the cookie is ignored.
 *
 * @param now wall-clock ms; @param order a counter that only grows, for creation order
 */
export function storeCookie(jar: CookieJar, header: string, context: CookieContext, now: number, order: number): { jar: CookieJar; outcome: StoreOutcome } {
  const parsed = parseSetCookie(header);
  if (!parsed) return { jar, outcome: { kind: 'ignored', reason: 'it has no name=value pair' } };
  const { name, value } = parsed;
  // Step 3: Max-Age wins over Expires; zero or less means "the earliest time".
  let expiry: number | null = null;
  if (parsed.maxAge !== undefined) expiry = parsed.maxAge <= 0 ? Number.MIN_SAFE_INTEGER : now + parsed.maxAge * 1000;
  else if (parsed.expires !== undefined) expiry = parsed.expires;
  // Steps 4-6: Domain.
  let domain = context.host;
  let hostOnly = true;
  if (parsed.domain !== undefined && parsed.domain !== context.host) {
    // No Public Suffix List: a single label (com, local) stands in for a public suffix.
    if (!parsed.domain.includes('.')) return ignored(jar, `Domain=${parsed.domain} is a public suffix`);
    if (!domainMatches(context.host, parsed.domain)) return ignored(jar, `Domain=${parsed.domain} does not cover ${context.host}`);
    domain = parsed.domain;
    hostOnly = false;
  } else if (parsed.domain !== undefined) {
    hostOnly = false;
  }
  const path = typeof parsed.path === 'string' ? parsed.path : defaultPath(context.path);
  // RFC 6265bis: only a secure origin may set a Secure cookie; SameSite=None requires Secure (Chromium).
  if (parsed.secure && !context.secure) return ignored(jar, 'a Secure cookie cannot be set over http://');
  if (parsed.sameSite === 'None' && !parsed.secure) return ignored(jar, 'SameSite=None requires Secure');
  // RFC 6265bis: a cross-site subresource response may not set a Lax or Strict (or default) cookie.
  if (!context.sameSite && !context.topLevelNavigation && parsed.sameSite !== 'None') return ignored(jar, 'it was set by a cross-site subresource');
  // RFC 6265bis: an http:// response may not overwrite a Secure cookie of the same name.
  if (!context.secure && jar.some((old) => old.secure && old.name === name && (domainMatches(domain, old.domain) || domainMatches(old.domain, domain)) && pathMatches(path, old.path))) {
    return ignored(jar, `it would overwrite a Secure cookie named ${name}`);
  }
  // Step 11: a cookie with the same name, domain and path is replaced, keeping its creation time.
  const oldIndex = jar.findIndex((old) => old.name === name && old.domain === domain && old.path === path);
  const old = oldIndex >= 0 ? jar[oldIndex] : undefined;
  const without = old ? jar.filter((_, index) => index !== oldIndex) : jar;
  if (expiry !== null && expiry <= now) return { jar: without, outcome: { kind: 'deleted', name } };
  const cookie: Cookie = {
    name,
    value,
    domain,
    path,
    expiry,
    creation: old ? old.creation : now,
    order: old ? old.order : order,
    hostOnly,
    secure: parsed.secure,
    httpOnly: parsed.httpOnly,
    sameSite: parsed.sameSite,
  };
  return { jar: [...without, cookie], outcome: { kind: old ? 'replaced' : 'stored', cookie } };
}

function ignored(jar: CookieJar, reason: string): { jar: CookieJar; outcome: StoreOutcome } {
  return { jar, outcome: { kind: 'ignored', reason } };
}

/** The jar without cookies that expired by `now` (the same array when none did). */
export function withoutExpired(jar: CookieJar, now: number): CookieJar {
  return jar.some((cookie) => cookie.expiry !== null && cookie.expiry <= now) ? jar.filter((cookie) => cookie.expiry === null || cookie.expiry > now) : jar;
}

/** Whether SameSite lets a cookie go with a request in this context (RFC 6265bis section 5.8.3). */
function sameSiteAllows(cookie: Cookie, context: CookieContext): boolean {
  if (context.sameSite) return true;
  if (cookie.sameSite === 'None') return true;
  if (cookie.sameSite === 'Strict') return false;
  // Lax, and Chromium's default for cookies without the attribute: top-level navigations with a safe method.
  return context.topLevelNavigation && (context.method === 'GET' || context.method === 'HEAD');
}

/**
 * The cookies a request carries, in the order of section 5.4: longer paths first, then older
 * cookies first. Expired cookies are skipped.
 */
export function cookiesFor(jar: CookieJar, context: CookieContext, now: number): Cookie[] {
  const chosen: Cookie[] = [];
  for (const cookie of jar) {
    if (cookie.expiry !== null && cookie.expiry <= now) continue;
    if (cookie.hostOnly ? cookie.domain !== context.host : !domainMatches(context.host, cookie.domain)) continue;
    if (!pathMatches(context.path, cookie.path)) continue;
    if (cookie.secure && !context.secure) continue;
    if (!sameSiteAllows(cookie, context)) continue;
    chosen.push(cookie);
  }
  return chosen.sort((a, b) => b.path.length - a.path.length || a.creation - b.creation || a.order - b.order);
}

/**
 * The Cookie header's value for a request, or undefined when no cookie applies.
 *
 * @example cookieHeader(jar, context, now) // 'theme=dark; lang=en'
 */
export function cookieHeader(jar: CookieJar, context: CookieContext, now: number): string | undefined {
  if (jar.length === 0) return undefined;
  const cookies = cookiesFor(jar, context, now);
  if (cookies.length === 0) return undefined;
  let header = '';
  for (const cookie of cookies) header += `${header ? '; ' : ''}${cookie.name}=${cookie.value}`;
  return header;
}

/**
 * The site of a host for SameSite and Sec-Fetch-Site: without a Public Suffix List, its last
 * two labels (www.example.com -> example.com); an IP address is its own site.
 */
export function siteOf(host: string): string {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
  const labels = host.split('.');
  return labels.slice(-2).join('.');
}

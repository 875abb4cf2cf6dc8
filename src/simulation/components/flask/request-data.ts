import type { HttpRequestPayload } from '../../engine/packet.ts';
import { headerValue } from '../../protocols/http.ts';

/**
 * What a view reads from Werkzeug's request object: request.cookies, request.form and
 * request.get_json(), parsed from the WSGI environ (HTTP_COOKIE, CONTENT_TYPE, wsgi.input).
 * Each is parsed once per request object (requests are read-only and shared).
 */

export type Fields = Readonly<Record<string, string>>;

const EMPTY: Fields = Object.freeze({});

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** application/x-www-form-urlencoded: `+` is a space, %XX a byte; the first value of a repeated key wins, as MultiDict shows it. */
export function parseUrlEncoded(body: string): Fields {
  if (body === '') return EMPTY;
  const fields: Record<string, string> = {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = percentDecode((equals < 0 ? pair : pair.slice(0, equals)).replace(/\+/g, ' '));
    const value = equals < 0 ? '' : percentDecode(pair.slice(equals + 1).replace(/\+/g, ' '));
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  }
  return fields;
}

/** The Cookie header's pairs (`a=1; b=2`), as request.cookies reads them. */
export function parseCookieHeader(header: string | undefined): Fields {
  if (!header) return EMPTY;
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const name = part.slice(0, equals).trim();
    let value = part.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name !== '' && !Object.hasOwn(cookies, name)) cookies[name] = value;
  }
  return cookies;
}

function mediaType(request: HttpRequestPayload): string {
  return (headerValue(request.headers, 'Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** request.form: only a form-encoded body fills it (multipart is not modelled). */
export function formOf(request: HttpRequestPayload): Fields {
  let form = forms.get(request);
  if (!form) {
    form = mediaType(request) === 'application/x-www-form-urlencoded' ? parseUrlEncoded(request.body) : EMPTY;
    forms.set(request, form);
  }
  return form;
}

const forms = new WeakMap<HttpRequestPayload, Fields>();

export function cookiesOf(request: HttpRequestPayload): Fields {
  let cookies = cookieJars.get(request);
  if (!cookies) {
    cookies = parseCookieHeader(headerValue(request.headers, 'Cookie'));
    cookieJars.set(request, cookies);
  }
  return cookies;
}

const cookieJars = new WeakMap<HttpRequestPayload, Fields>();

/** request.get_json(): the parsed body when the Content-Type is JSON; `invalid` when it does not parse (Werkzeug answers 400). */
export function jsonOf(request: HttpRequestPayload): { readonly present: false } | { readonly present: true; readonly value: unknown } | { readonly present: true; readonly invalid: true } {
  const type = mediaType(request);
  if (type !== 'application/json' && !(type.startsWith('application/') && type.endsWith('+json'))) return { present: false };
  try {
    return { present: true, value: JSON.parse(request.body) as unknown };
  } catch {
    return { present: true, invalid: true };
  }
}

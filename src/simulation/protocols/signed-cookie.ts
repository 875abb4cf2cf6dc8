import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';

/**
 * Flask's default session: SecureCookieSessionInterface, which signs the session with
 * itsdangerous's URLSafeTimedSerializer (salt 'cookie-session', key derivation 'hmac',
 * HMAC-SHA1). The cookie value is `payload.timestamp.signature`:
 *
 * - payload: the session as compact JSON (sorted keys, ASCII only, as Flask 2.2's JSON
 *   provider writes it), base64url without padding. itsdangerous zlib-compresses the JSON
 *   and writes '.' + base64 of that instead when it is shorter by more than one byte; a session
 *   holding a user name never is, so Stackscope never compresses (and treats a compressed
 *   cookie it cannot read as an invalid one).
 * - timestamp: seconds since the Unix epoch as big-endian bytes, base64url.
 * - signature: HMAC-SHA1(derived key, payload + '.' + timestamp), base64url, where the
 *   derived key is HMAC-SHA1(secret_key, 'cookie-session').
 *
 * @example
 *   signSession({ user: 'x' }, 'dev', 1795464929) // 'eyJ1c2VyIjoieCJ9.awSe4Q.<27 characters>'
 */

/** A value a session may hold: what JSON carries. */
export type SessionValue = string | number | boolean | null;
export type SessionData = Readonly<Record<string, SessionValue>>;

const SALT = 'cookie-session';
/** UTF-8 bytes of a string (the engine has no TextEncoder: it runs without DOM types). */
export function utf8Bytes(text: string): Uint8Array {
  return Uint8Array.from(unescape(encodeURIComponent(text)), (char) => char.charCodeAt(0));
}

/** The string UTF-8 bytes encode; throws on invalid UTF-8. */
function utf8Decode(bytes: Uint8Array): string {
  let escaped = '';
  for (const byte of bytes) escaped += `%${byte.toString(16).padStart(2, '0')}`;
  return decodeURIComponent(escaped);
}

const encoder = { encode: utf8Bytes };

/** Base64url without padding, as itsdangerous's base64_encode writes it. */
export function base64url(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index]!;
    const b = bytes[index + 1];
    const c = bytes[index + 2];
    out += alphabet[a >> 2]! + alphabet[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) out += alphabet[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    if (c !== undefined) out += alphabet[c & 63]!;
  }
  return out;
}

/** The bytes of base64url text (padding optional), or undefined if it is not base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * JSON as Python's json.dumps(value, separators=(',', ':'), sort_keys=True) writes it with
 * ensure_ascii on: what Flask 2.2 writes for sessions and jsonify() (without its newline).
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${pythonString(key)}:${pythonJson(item)}`).join(',')}}`;
}

function pythonString(text: string): string {
  // JSON.stringify escapes quotes, backslashes and control characters as Python does;
  // ensure_ascii also writes every non-ASCII UTF-16 unit as \uXXXX.
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The key itsdangerous signs with: HMAC-SHA1(secret_key, salt). One per secret. */
function derivedKey(secret: string): Uint8Array {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = hmac(sha1, encoder.encode(secret), encoder.encode(SALT));
    derivedKeys.set(secret, key);
  }
  return key;
}

const derivedKeys = new Map<string, Uint8Array>();

/** Big-endian bytes of a whole number, no leading zero bytes (Python's int_to_bytes). */
function intToBytes(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from(bytes);
}

function bytesToInt(bytes: Uint8Array): number {
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

/** The signature part for `payload.timestamp`. */
export function sessionSignature(signed: string, secret: string): string {
  return base64url(hmac(sha1, derivedKey(secret), encoder.encode(signed)));
}

/** The cookie value Flask sets for a session at `epochSeconds`. */
export function signSession(session: SessionData, secret: string, epochSeconds: number): string {
  const payload = base64url(encoder.encode(pythonJson(session)));
  const signed = `${payload}.${base64url(intToBytes(epochSeconds))}`;
  return `${signed}.${sessionSignature(signed, secret)}`;
}

/** Why a cookie was not accepted, in itsdangerous's words. */
export type UnsignResult =
  | { readonly ok: true; readonly session: SessionData; readonly signedAt: number }
  | { readonly ok: false; readonly reason: 'BadSignature' | 'SignatureExpired' | 'BadPayload' };

/**
 * Reads a session cookie back: checks the signature with the key, then the age against
 * `maxAgeSeconds` (Flask passes PERMANENT_SESSION_LIFETIME), then decodes the JSON. Flask
 * treats any failure as an empty session.
 */
export function unsignSession(value: string, secret: string, nowSeconds: number, maxAgeSeconds: number): UnsignResult {
  const lastDot = value.lastIndexOf('.');
  const signed = value.slice(0, lastDot);
  const timestampDot = signed.lastIndexOf('.');
  if (lastDot < 0 || timestampDot <= 0 || sessionSignature(signed, secret) !== value.slice(lastDot + 1)) return { ok: false, reason: 'BadSignature' };
  const timestamp = fromBase64url(signed.slice(timestampDot + 1));
  if (!timestamp) return { ok: false, reason: 'BadSignature' };
  const signedAt = bytesToInt(timestamp);
  const age = nowSeconds - signedAt;
  if (age > maxAgeSeconds || age < 0) return { ok: false, reason: 'SignatureExpired' };
  const payload = fromBase64url(signed.slice(0, timestampDot));
  if (!payload) return { ok: false, reason: 'BadPayload' };
  try {
    const data: unknown = JSON.parse(utf8Decode(payload));
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'BadPayload' };
    return { ok: true, session: data as SessionData, signedAt };
  } catch {
    return { ok: false, reason: 'BadPayload' };
  }
}

import type { HeaderList } from '../../model/message.ts';
import type { Rng } from '../../engine/rng.ts';
import { RUN_EPOCH_MS, httpDate } from '../../protocols/http.ts';
import { pythonJson, signSession, unsignSession, type SessionData } from '../../protocols/signed-cookie.ts';
import type { FlaskConfig } from './config.ts';
import type { ViewOutput } from './views.ts';

/**
 * The two session interfaces a Flask node can use.
 *
 * - `cookie`: Flask's SecureCookieSessionInterface. The cookie holds the signed session;
 *   nothing is stored on the server. A session is saved only when a view modified it (a
 *   non-permanent session is not refreshed), and `Vary: Cookie` is added when a view read it.
 * - `redis`: Flask-Session 0.4's RedisSessionInterface (SESSION_TYPE = 'redis',
 *   SESSION_PERMANENT = True, SESSION_USE_SIGNER = False, key prefix 'session:'). The cookie
 *   holds a uuid4 session id; the session lives in Redis under `session:<id>`, read with GET
 *   when a request carries the cookie and written with SETEX after every request whose
 *   session is not empty (it always holds `_permanent`), with a fresh Set-Cookie each time.
 */

export const SESSION_COOKIE = 'session';
export const REDIS_KEY_PREFIX = 'session:';

/** Seconds since the Unix epoch at a virtual time: what time.time() returns in the run. */
export function epochSeconds(now: number): number {
  return Math.floor((RUN_EPOCH_MS + now) / 1000);
}

/** The session a signed cookie carries; an unsigned, tampered or expired one is an empty session, as in Flask. */
export function readCookieSession(config: FlaskConfig, cookie: string | undefined, now: number): SessionData {
  if (!cookie) return EMPTY;
  const result = unsignSession(cookie, config.secret_key, epochSeconds(now), config.permanent_session_lifetime);
  return result.ok ? result.session : EMPTY;
}

const EMPTY: SessionData = Object.freeze({});

/** A new Flask-Session session: permanent, so it already holds `_permanent: true`. */
export const NEW_SERVER_SESSION: SessionData = Object.freeze({ _permanent: true });

/** str(uuid.uuid4()), from the run's seeded generator. */
export function newSessionId(rng: Rng): string {
  const hex = Array.from({ length: 16 }, (_, index) => {
    let byte = rng.int(0, 255);
    if (index === 6) byte = (byte & 0x0f) | 0x40;
    if (index === 8) byte = (byte & 0x3f) | 0x80;
    return byte.toString(16).padStart(2, '0');
  }).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Werkzeug's delete_cookie(): an empty value that expired at the epoch. Flask 2.2 passes no HttpOnly. */
const DELETE_COOKIE: readonly [string, string] = ['Set-Cookie', `${SESSION_COOKIE}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`];
const VARY_COOKIE: readonly [string, string] = ['Vary', 'Cookie'];

/**
 * Headers SecureCookieSessionInterface.save_session adds after the view: `Vary: Cookie` when
 * the view read the session (even an empty one, as http-raw.json records for /echo), then
 * Set-Cookie when it changed it: the signed session, or a deleting cookie for an emptied one.
 */
export function cookieSessionHeaders(config: FlaskConfig, output: ViewOutput, now: number): HeaderList {
  const headers: (readonly [string, string])[] = [];
  if (output.accessed) headers.push(VARY_COOKIE);
  if (!output.modified) return headers;
  if (Object.keys(output.session).length === 0) headers.push(DELETE_COOKIE);
  else headers.push(['Set-Cookie', `${SESSION_COOKIE}=${signSession(output.session, config.secret_key, epochSeconds(now))}; HttpOnly; Path=/`]);
  return headers;
}

/** What RedisSessionInterface.save_session does: a command to send (or none), and the headers to add. */
export interface RedisSave {
  readonly command: readonly string[] | null;
  readonly headers: HeaderList;
}

/** The session as stored in Redis. Flask-Session pickles it; Stackscope writes compact JSON so it can be read. */
export function serializeSession(session: SessionData): string {
  return pythonJson(session);
}

export function parseStoredSession(value: string | null): SessionData | null {
  if (value === null) return null;
  try {
    const data: unknown = JSON.parse(value);
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as SessionData) : null;
  } catch {
    return null;
  }
}

export function redisSessionSave(config: FlaskConfig, sid: string, output: ViewOutput, now: number): RedisSave {
  const key = REDIS_KEY_PREFIX + sid;
  if (Object.keys(output.session).length === 0) {
    return output.modified ? { command: ['DEL', key], headers: [['Set-Cookie', `${SESSION_COOKIE}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`]] } : { command: null, headers: [] };
  }
  const lifetime = config.permanent_session_lifetime;
  const expires = httpDate(now + lifetime * 1000);
  return {
    command: ['SETEX', key, String(lifetime), serializeSession(output.session)],
    headers: [['Set-Cookie', `${SESSION_COOKIE}=${sid}; Expires=${expires}; HttpOnly; Path=/`]],
  };
}

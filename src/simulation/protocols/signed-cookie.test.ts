import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pythonJson, signSession, unsignSession } from './signed-cookie.ts';

/** itsdangerous, written again with node:crypto: derived key = HMAC-SHA1(secret, salt); signature = HMAC-SHA1(key, value). */
function independentSignature(value: string, secret: string): string {
  const key = createHmac('sha1', secret).update('cookie-session').digest();
  return createHmac('sha1', key).update(value).digest('base64url');
}

// Mon, 23 Nov 2026 20:15:29 GMT, the login in ../shared/reference/http-raw.json.
const RECORDED_LOGIN = Date.UTC(2026, 10, 23, 20, 15, 29) / 1000;

describe("Flask's signed session cookie (itsdangerous URLSafeTimedSerializer)", () => {
  it('writes the payload and timestamp exactly as recorded (http-raw.json: eyJ1c2VyIjoieCJ9.awSe4Q)', () => {
    const cookie = signSession({ user: 'x' }, 'dev', RECORDED_LOGIN);
    const [payload, timestamp, signature] = cookie.split('.');
    expect(payload).toBe('eyJ1c2VyIjoieCJ9');
    expect(timestamp).toBe('awSe4Q');
    expect(signature).toBe(independentSignature('eyJ1c2VyIjoieCJ9.awSe4Q', 'dev'));
    expect(signature).toHaveLength(27);
  });

  it('signs with the secret key: another key gives another signature', () => {
    expect(signSession({ user: 'x' }, 'dev', RECORDED_LOGIN)).not.toBe(signSession({ user: 'x' }, 'other', RECORDED_LOGIN));
  });

  it('reads its own cookie back', () => {
    const cookie = signSession({ user: 'x' }, 'dev', RECORDED_LOGIN);
    expect(unsignSession(cookie, 'dev', RECORDED_LOGIN + 5, 2678400)).toEqual({ ok: true, session: { user: 'x' }, signedAt: RECORDED_LOGIN });
  });

  it('rejects a tampered payload, a wrong key and an expired cookie', () => {
    const cookie = signSession({ user: 'x' }, 'dev', RECORDED_LOGIN);
    const forged = cookie.replace('eyJ1c2VyIjoieCJ9', Buffer.from('{"user":"admin"}').toString('base64url'));
    expect(unsignSession(forged, 'dev', RECORDED_LOGIN, 2678400)).toEqual({ ok: false, reason: 'BadSignature' });
    expect(unsignSession(cookie, 'not-dev', RECORDED_LOGIN, 2678400)).toEqual({ ok: false, reason: 'BadSignature' });
    expect(unsignSession(cookie, 'dev', RECORDED_LOGIN + 2678401, 2678400)).toEqual({ ok: false, reason: 'SignatureExpired' });
    expect(unsignSession('garbage', 'dev', RECORDED_LOGIN, 2678400).ok).toBe(false);
  });

  it('writes JSON as Python does: sorted keys, compact, non-ASCII escaped', () => {
    expect(pythonJson({ user: 'é', a: [1, true, null] })).toBe('{"a":[1,true,null],"user":"\\u00e9"}');
  });
});

import { describe, expect, it } from 'vitest';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import { flaskConfigSchema, routeSchema, type FlaskConfig } from './config.ts';
import { matchRoute } from './routing.ts';
import { cookieSessionHeaders, readCookieSession, redisSessionSave } from './session.ts';
import { runView, type ViewInput } from './views.ts';

const request = (method: string, target: string, headers: [string, string][] = [], body = ''): HttpRequestPayload => ({ protocol: 'http', kind: 'request', method, target, version: 'HTTP/1.0', headers, body });
const FORM: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded'];
const config: FlaskConfig = flaskConfigSchema.parse({
  routes: [
    { rule: '/', endpoint: 'index', methods: ['GET'] },
    { rule: '/echo', endpoint: 'echo', methods: ['GET', 'POST'], view: 'echo' },
    { rule: '/login', endpoint: 'login', methods: ['POST'], view: 'login' },
    { rule: '/logout', endpoint: 'logout', methods: ['POST'], view: 'logout' },
    { rule: '/old', endpoint: 'old', view: 'redirect', location: '/new?a=1&b=2', redirectCode: 301 },
    { rule: '/static/main.css', endpoint: 'static', view: 'file', filePath: '/srv/app/static/main.css', body: 'body { font-family: sans-serif; color: #333; }\n' },
  ],
});

function view(method: string, target: string, headers: [string, string][] = [], body = '', session = {}) {
  const matched = matchRoute(config, method, target);
  const input: ViewInput = { route: matched.route, status: matched.status, allow: matched.allow, request: request(method, target, headers, body), session, result: null, now: 2000 };
  return runView(input);
}

describe('Flask views', () => {
  it('echo answers the recorded JSON byte for byte (http-raw.json post_form, get_with_cookie_header)', () => {
    const posted = view('POST', '/echo', [FORM], 'user=alice&note=hi there');
    expect(posted.rendered.body).toBe('{"cookies":{},"form":{"note":"hi there","user":"alice"},"method":"POST","session_user":null}\n');
    expect(posted.rendered.headers).toEqual([['Content-Type', 'application/json'], ['Content-Length', '93']]);
    expect(posted.accessed).toBe(true);
    const cookies = view('GET', '/echo', [['Cookie', 'theme=dark; lang=en']]);
    expect(cookies.rendered.body).toBe('{"cookies":{"lang":"en","theme":"dark"},"form":{},"method":"GET","session_user":null}\n');
    expect(cookieSessionHeaders(config, cookies, 0)).toEqual([['Vary', 'Cookie']]);
  });

  it('echo shows a JSON body as request.get_json(), and a bad one is a 400', () => {
    expect(view('POST', '/echo', [['Content-Type', 'application/json']], '{"a":[1,2]}').rendered.body).toBe('{"cookies":{},"form":{},"json":{"a":[1,2]},"method":"POST","session_user":null}\n');
    expect(view('POST', '/echo', [['Content-Type', 'application/json']], '{oops').rendered.status).toBe(400);
  });

  it('login at 20:15:29 stores the user and sets the signed cookie as recorded (eyJ1c2VyIjoieCJ9.awSe4Q), with Vary: Cookie before Set-Cookie', () => {
    const output = view('POST', '/login', [FORM], 'user=x');
    expect(output.rendered.body).toBe('logged in as x\n');
    expect(output.session).toEqual({ user: 'x' });
    const headers = cookieSessionHeaders(config, output, 2000);
    expect(headers[0]).toEqual(['Vary', 'Cookie']);
    expect(headers[1]![1]).toMatch(/^session=eyJ1c2VyIjoieCJ9\.awSe4Q\.[A-Za-z0-9_-]{27}; HttpOnly; Path=\/$/);
    // A login without the field: request.form["user"] raises, Werkzeug answers 400.
    expect(view('POST', '/login', [FORM], 'name=x').rendered.status).toBe(400);
  });

  it('reads a good cookie back and treats a tampered or wrongly signed one as an empty session', () => {
    const output = view('POST', '/login', [FORM], 'user=x');
    const cookie = cookieSessionHeaders(config, output, 2000)[1]![1].slice('session='.length).split(';')[0]!;
    expect(readCookieSession(config, cookie, 3000)).toEqual({ user: 'x' });
    const tampered = cookie.replace('eyJ1c2VyIjoieCJ9', Buffer.from('{"user":"admin"}').toString('base64url'));
    expect(readCookieSession(config, tampered, 3000)).toEqual({});
    expect(readCookieSession({ ...config, secret_key: 'another' }, cookie, 3000)).toEqual({});
    expect(view('GET', '/echo', [], '', readCookieSession(config, tampered, 3000)).rendered.body).toContain('"session_user":null');
  });

  it('logout deletes the cookie', () => {
    const output = view('POST', '/logout', [], '', { user: 'x' });
    expect(cookieSessionHeaders(config, output, 0)).toEqual([['Vary', 'Cookie'], ['Set-Cookie', 'session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/']]);
  });

  it('405 lists the methods in Allow, with HEAD after GET and OPTIONS last', () => {
    const output = view('DELETE', '/echo');
    expect(output.rendered.status).toBe(405);
    expect(output.rendered.headers).toEqual([['Content-Type', 'text/html; charset=utf-8'], ['Allow', 'GET, HEAD, POST, OPTIONS'], ['Content-Length', '153']]);
    expect(matchRoute(config, 'GET', '/login')).toMatchObject({ status: 405, allow: 'POST, OPTIONS' });
    expect(matchRoute(config, 'HEAD', '/echo').status).toBe(200);
    expect(matchRoute(config, 'GET', '/missing').status).toBe(404);
  });

  it("redirect answers Werkzeug's page with Location", () => {
    const output = view('GET', '/old');
    expect(output.rendered.status).toBe(301);
    expect(output.rendered.headers.at(-1)).toEqual(['Location', '/new?a=1&b=2']);
    expect(output.rendered.body).toBe(
      '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href="/new?a=1&amp;b=2">/new?a=1&amp;b=2</a>. If not, click the link.\n',
    );
  });

  it('sends a file with send_file headers, and 304 to a request carrying its ETag or a later If-Modified-Since', () => {
    const first = view('GET', '/static/main.css').rendered;
    expect(first.headers.map(([name]) => name)).toEqual(['Content-Disposition', 'Content-Type', 'Content-Length', 'Last-Modified', 'Cache-Control', 'ETag', 'Date']);
    const etag = first.headers.find(([name]) => name === 'ETag')![1];
    expect(etag).toMatch(/^"1795464025\.0-47-\d+"$/);
    expect(first.headers).toContainEqual(['Content-Type', 'text/css; charset=utf-8']);
    const again = view('GET', '/static/main.css', [['If-None-Match', etag]]).rendered;
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.map(([name]) => name)).toEqual(['Content-Disposition', 'Cache-Control', 'ETag', 'Date']);
    expect(view('GET', '/static/main.css', [['If-Modified-Since', 'Mon, 23 Nov 2026 20:00:25 GMT']]).rendered.status).toBe(304);
    expect(view('GET', '/static/main.css', [['If-None-Match', '"other"'], ['If-Modified-Since', 'Mon, 23 Nov 2026 20:00:25 GMT']]).rendered.status).toBe(200);
  });

  it('server-side sessions: SETEX with the lifetime and a cookie holding only the id; DEL on logout', () => {
    const redis = { ...config, session_type: 'redis' as const, session_redis: 'redis://redis:6379/0' };
    const login = view('POST', '/login', [FORM], 'user=x', { _permanent: true });
    const save = redisSessionSave(redis, 'abc', login, 0);
    expect(save.command).toEqual(['SETEX', 'session:abc', '2678400', '{"_permanent":true,"user":"x"}']);
    expect(save.headers).toEqual([['Set-Cookie', 'session=abc; Expires=Thu, 24 Dec 2026 20:15:27 GMT; HttpOnly; Path=/']]);
    expect(redisSessionSave(redis, 'abc', view('POST', '/logout', [], '', { _permanent: true, user: 'x' }), 0).command).toEqual(['DEL', 'session:abc']);
  });

  it('old routes import unchanged: view defaults to text', () => {
    expect(routeSchema.parse({ rule: '/', endpoint: 'index' }).view).toBe('text');
  });
});

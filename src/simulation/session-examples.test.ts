/**
 * The golden traces of login-session.json, login-server-session.json and conditional-get-304.json,
 * and the order of their messages. Regenerate a golden trace with
 *   npm run -s simulate -- public/topologies/<name>.json > src/simulation/__golden__/<name>.trace.jsonl
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, traceEventToJson, type HttpLayer, type TraceEvent } from './index.ts';
import { example } from './test-support/documents.node.ts';

function run(name: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(example(name), { onEvent: (event) => events.push(event) });
  return events;
}

const http = (event: TraceEvent): HttpLayer => event.message!.layers.find((layer): layer is HttpLayer => layer.layer === 'http')!;
const statusOf = (layer: HttpLayer): number => (layer.kind === 'response' ? layer.status : 0);
const header = (layer: HttpLayer, name: string) => layer.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
const sends = (events: TraceEvent[], from: string, to: string, protocol: string) => events.filter((e) => e.type === 'send' && e.from === from && e.to === to && e.protocol === protocol);

describe.each(['login-session', 'login-server-session', 'conditional-get-304'])('%s', (name) => {
  it('produces its golden trace, line for line, and the same trace again for the same seed', () => {
    const golden = readFileSync(join(process.cwd(), `src/simulation/__golden__/${name}.trace.jsonl`), 'utf8').trimEnd().split('\n');
    const lines = run(name).map(traceEventToJson);
    expect(lines).toEqual(golden);
    expect(run(name).map(traceEventToJson)).toEqual(lines);
  });
});

describe('login with a signed session cookie', () => {
  const events = run('login-session');
  const responses = sends(events, 'app1', 'nginx', 'http').map(http);
  const requests = sends(events, 'nginx', 'app1', 'http').map(http);

  it('Gunicorn answers the login as recorded (http-raw.json hop 2): Server, Date, Connection, type, length, Vary, Set-Cookie', () => {
    const login = responses.find((response) => response.body === 'logged in as x\n')!;
    expect(login.raw).toMatch(
      /^HTTP\/1\.0 200 OK\r\nServer: gunicorn\r\nDate: [^\r]+ GMT\r\nConnection: close\r\nContent-Type: text\/html; charset=utf-8\r\nContent-Length: 15\r\nVary: Cookie\r\nSet-Cookie: session=eyJ1c2VyIjoieCJ9\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{27}; HttpOnly; Path=\/\r\n\r\nlogged in as x\n$/,
    );
  });

  it('Set-Cookie comes first, then the next request carries the cookie and /echo sees the user', () => {
    const setCookieAt = events.findIndex((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'browser' && e.protocol === 'http' && header(http(e), 'Set-Cookie'));
    const cookie = header(http(events[setCookieAt]!), 'Set-Cookie')!.split(';')[0]!;
    const echoRequest = requests.find((request) => request.kind === 'request' && request.target === '/echo')!;
    expect(events.indexOf(sends(events, 'nginx', 'app1', 'http').find((e) => http(e) === echoRequest)!)).toBeGreaterThan(setCookieAt);
    expect(header(echoRequest, 'Cookie')).toBe(cookie);
    const echo = responses.find((response) => header(response, 'Content-Type') === 'application/json')!;
    expect(echo.body).toBe(`{"cookies":{"session":"${cookie.slice('session='.length)}"},"form":{},"method":"GET","session_user":"x"}\n`);
  });

  it('the form reaches Flask as wsgi.input with CONTENT_TYPE and CONTENT_LENGTH (PEP 3333)', () => {
    const call = sends(events, 'app1', 'flask', 'wsgi').find((e) => e.summary.includes('POST /login'))!;
    const layer = call.message!.layers[0] as { environ: readonly (readonly [string, string])[]; raw: string };
    expect(layer.environ).toContainEqual(['CONTENT_TYPE', 'application/x-www-form-urlencoded']);
    expect(layer.environ).toContainEqual(['CONTENT_LENGTH', '6']);
    expect(layer.raw).toContain("'wsgi.input': <6-byte request body: b'user=x'>");
  });
});

describe('login with a server-side session in Redis', () => {
  const events = run('login-server-session');
  const redis = events.filter((e) => e.type === 'send' && e.protocol === 'redis').map((e) => `${e.from}>${e.to} ${e.summary}`);

  it('the cookie holds only a session id, and Redis keeps the session under session:<id>', () => {
    const login = sends(events, 'app1', 'nginx', 'http').map(http).find((response) => response.body === 'logged in as x\n')!;
    const cookie = header(login, 'Set-Cookie')!;
    expect(cookie).toMatch(/^session=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}; Expires=[^;]+ GMT; HttpOnly; Path=\/$/);
    const sid = cookie.slice('session='.length, cookie.indexOf(';'));
    expect(redis).toContain(`flask>redis SETEX session:${sid} 2678400 "{\\"_permanent\\":true,\\"user\\":\\"x\\"}"`);
  });

  it('each request with the cookie reads the session (GET) before the view and writes it (SETEX) after, waiting for each reply', () => {
    const echoCall = events.findIndex((e) => e.type === 'send' && e.protocol === 'wsgi' && e.summary.endsWith('GET /echo'));
    const after = events.slice(echoCall).filter((e) => e.type === 'send' && (e.protocol === 'redis' || e.protocol === 'wsgi')).map((e) => e.summary.split(' ')[0]);
    expect(after.slice(0, 6)).toEqual(['application(environ,', 'GET', '$30', 'SETEX', '+OK', "start_response('200"]);
    const echo = sends(events, 'app1', 'nginx', 'http').map(http).find((response) => header(response, 'Content-Type') === 'application/json')!;
    expect(echo.body).toContain('"session_user":"x"');
  });

  it("the Redis node's RESP bytes are exact", () => {
    const command = events.find((e) => e.type === 'send' && e.protocol === 'redis' && e.summary.startsWith('GET '))!;
    const layer = command.message!.layers.at(-1) as { raw: string; command: string };
    expect(layer.command).toBe('GET');
    expect(layer.raw).toMatch(/^\*2\r\n\$3\r\nGET\r\n\$44\r\nsession:[0-9a-f-]{36}\r\n$/);
  });
});

describe('conditional GET', () => {
  const events = run('conditional-get-304');
  const responses = sends(events, 'app1', 'nginx', 'http').map(http).filter((response) => response.kind === 'response' && statusOf(response) !== 404);
  const requests = sends(events, 'nginx', 'app1', 'http').map(http).filter((request) => request.kind === 'request' && request.target === '/static/main.css');

  it('the first answer carries ETag and Last-Modified; the second request revalidates with that ETag and gets 304 with no body', () => {
    expect(responses.map((response) => (response as { status: number }).status)).toEqual([200, 304]);
    const etag = header(responses[0]!, 'ETag')!;
    expect(header(responses[0]!, 'Last-Modified')).toBe('Mon, 23 Nov 2026 20:00:25 GMT');
    expect(header(responses[0]!, 'Cache-Control')).toBe('no-cache');
    expect(header(requests[1]!, 'If-None-Match')).toBe(etag);
    expect(responses[1]!.raw).toMatch(/^HTTP\/1\.0 304 NOT MODIFIED\r\nServer: gunicorn\r\n/);
    expect(responses[1]!.body).toBe('');
    expect(header(responses[1]!, 'Content-Length')).toBeUndefined();
  });
});

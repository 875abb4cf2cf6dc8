/**
 * proxy_next_upstream (ngx_http_upstream_next, ngx_http_upstream_test_next): which failed tries
 * send a request on to the next server of its upstream. By default `error timeout`; a status
 * listed (http_503 …) drops that answer and asks the next server, and only a server's last
 * answer reaches the client; a POST already sent goes on only with non_idempotent; `off`
 * never goes on. $upstream_addr and $upstream_status list every try.
 */
import { describe, expect, it } from 'vitest';
import { createPlayback, nginxConfFromText, nginxConfToText, nodeStatus, runToEnd } from '../../index.ts';
import { exampleJson, mustImport, withConfig, type RawDocument } from '../../test-support/documents.node.ts';

const APP1 = '10.0.0.3:8000';
const APP2 = '10.0.0.4:8000';
const LOG_FORMAT = '$request $status $upstream_addr $upstream_status';

/** nginx-weighted-upstream with equal weights, app1's view answering `status`, and the location's proxy_next_upstream. */
function stack(nextUpstream: string[] | undefined, options: { status?: number; method?: 'GET' | 'POST' } = {}): RawDocument {
  const method = options.method ?? 'GET';
  const location = { path: '/', proxy_pass: 'http://app', ...(nextUpstream ? { proxy_next_upstream: nextUpstream } : {}) };
  let raw = withConfig(exampleJson('nginx-weighted-upstream'), 'nginx', {
    servers: [{ listen: 80, server_name: 'example.com', locations: [location] }],
    upstreams: [{ name: 'app', servers: [{ server: 'app1:8000' }, { server: 'app2:8000' }] }],
    log_format: LOG_FORMAT,
  });
  const route = (body: string, status: number) => ({ rule: '/', endpoint: 'index', methods: ['GET', 'POST'], body, status, processingMs: 2 });
  raw = withConfig(raw, 'flask1', { routes: [route('app1 is unwell\n', options.status ?? 200)] });
  raw = withConfig(raw, 'flask2', { routes: [route('app2\n', 200)] });
  const visit = method === 'POST' ? { url: 'http://example.com/', method, form: { user: 'x' } } : { url: 'http://example.com/' };
  return withConfig(raw, 'browser', { visits: [0, 1000, 2000].map((atMs) => ({ ...visit, atMs })) });
}

function logs(raw: RawDocument): { access: readonly string[]; errors: readonly string[] } {
  const status = nodeStatus(runToEnd(createPlayback(mustImport(raw))), 'nginx')!;
  const lines = (name: string) => status.logs?.find((log) => log.name === name)?.lines ?? [];
  return { access: lines('access.log'), errors: lines('error.log') };
}

/** An error-log line without its timestamp and request context. */
const withoutTimeAndContext = (line: string) => line.replace(/^\S+ \S+ /, '').replace(/, client: .*$/, '');

describe('proxy_next_upstream', () => {
  // Chromium asks for /favicon.ico after the first page: it takes the next turn.
  it('by default (error timeout) passes a 503 on to the client', () => {
    expect(logs(stack(undefined, { status: 503 })).access).toEqual([
      `GET / HTTP/1.1 503 ${APP1} 503`,
      `GET /favicon.ico HTTP/1.1 404 ${APP2} 404`,
      `GET / HTTP/1.1 503 ${APP1} 503`,
      `GET / HTTP/1.1 200 ${APP2} 200`,
    ]);
  });

  it('with http_503 asks the next server, and max_fails takes the failing one out for fail_timeout', () => {
    const { access, errors } = logs(stack(['error', 'timeout', 'http_503'], { status: 503 }));
    expect(access).toEqual([
      `GET / HTTP/1.1 200 ${APP1}, ${APP2} 503, 200`,
      `GET /favicon.ico HTTP/1.1 404 ${APP2} 404`,
      `GET / HTTP/1.1 200 ${APP2} 200`,
      `GET / HTTP/1.1 200 ${APP2} 200`,
    ]);
    expect(errors.map(withoutTimeAndContext)).toEqual(['[warn] upstream server temporarily disabled while reading response header from upstream']);
  });

  it('does not send a POST again once it was sent, unless non_idempotent is listed', () => {
    expect(logs(stack(['error', 'timeout', 'http_503'], { status: 503, method: 'POST' })).access[0]).toBe(`POST / HTTP/1.1 503 ${APP1} 503`);
    expect(logs(stack(['error', 'timeout', 'http_503', 'non_idempotent'], { status: 503, method: 'POST' })).access[0]).toBe(`POST / HTTP/1.1 200 ${APP1}, ${APP2} 503, 200`);
  });

  it('with http_404 goes on without counting a failure; when every server says 404, the last one’s answer reaches the client', () => {
    const { access, errors } = logs(stack(['error', 'timeout', 'http_404'], { status: 404 }));
    expect(access).toEqual([
      `GET / HTTP/1.1 200 ${APP1}, ${APP2} 404, 200`,
      `GET /favicon.ico HTTP/1.1 404 ${APP2}, ${APP1} 404, 404`,
      // Not taken out: app1 keeps its turns.
      `GET / HTTP/1.1 200 ${APP1}, ${APP2} 404, 200`,
      `GET / HTTP/1.1 200 ${APP2} 200`,
    ]);
    expect(errors).toEqual([]);
  });

  it('off: a refused connection is not retried, and the client gets 502 at once', () => {
    const refusing = (nextUpstream: string[] | undefined) => logs(withConfig(stack(nextUpstream), 'app2', { port: 8001 }));
    expect(refusing(['off']).access[1]).toBe(`GET /favicon.ico HTTP/1.1 502 ${APP2} 502`);
    expect(refusing(undefined).access[1]).toBe(`GET /favicon.ico HTTP/1.1 404 ${APP2}, ${APP1} 502, 404`);
    expect(refusing(['off']).errors.map(withoutTimeAndContext)).toEqual([
      '[error] connect() failed (111: Connection refused) while connecting to upstream',
      '[warn] upstream server temporarily disabled while connecting to upstream',
    ]);
  });
});

describe('proxy_next_upstream in nginx.conf', () => {
  const conf = (directive: string) => `upstream app { server app1:8000; }\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n        ${directive}\n    }\n}\n`;

  it('reads the conditions, and writes them back', () => {
    const result = nginxConfFromText(conf('proxy_next_upstream error timeout http_503 non_idempotent;'));
    expect(result.errors).toEqual([]);
    const location = result.parsed!.servers[0]!.locations[0]!;
    expect(location.proxy_next_upstream).toEqual(['error', 'timeout', 'http_503', 'non_idempotent']);
    expect(nginxConfToText(result.parsed!)).toContain('proxy_next_upstream error timeout http_503 non_idempotent;');
    expect(nginxConfToText(nginxConfFromText(conf('')).parsed!)).not.toContain('proxy_next_upstream');
  });

  it('keeps a condition written twice once, with nginx’s warning', () => {
    const result = nginxConfFromText(conf('proxy_next_upstream error error http_503;'));
    expect(result.errors).toEqual([]);
    expect(result.notes).toContainEqual(expect.objectContaining({ line: 6, column: 35, severity: 'warning', message: expect.stringContaining('duplicate value "error" in "proxy_next_upstream" directive') }));
    expect(result.parsed!.servers[0]!.locations[0]!.proxy_next_upstream).toEqual(['error', 'http_503']);
  });

  it('refuses an unknown condition and off beside others, with line and column', () => {
    const unknown = nginxConfFromText(conf('proxy_next_upstream error http_501;'));
    expect(unknown.errors).toContainEqual(expect.objectContaining({ line: 6, column: 35, message: expect.stringContaining('invalid value "http_501" in "proxy_next_upstream" directive') }));
    const off = nginxConfFromText(conf('proxy_next_upstream off http_502;'));
    expect(off.errors).toContainEqual(expect.objectContaining({ line: 6, message: expect.stringContaining('off stands alone') }));
  });
});

/**
 * nginx's response to the client, byte for byte. The recorded cases are copied from
 * ../shared/reference/http-raw.json (hop 2 is what Gunicorn sent, hop 1 what nginx 1.22.1 sent
 * on) and nginx-responses.json, so the suite runs without that folder. The other cases follow
 * nginx's source (ngx_http_header_filter_module.c, ngx_http_upstream.c, ngx_http_proxy_module.c).
 */
import { describe, expect, it } from 'vitest';
import type { HttpRequestPayload, HttpResponsePayload } from '../../engine/packet.ts';
import { rawHttp } from '../../protocols/http.ts';
import { defaultRedirect, ownPage, proxiedResponse, responseHeaders, type OutgoingResponse, type RedirectRule } from './response-headers.ts';

/** Reads raw response bytes (CRLF line ends) into a payload. */
function parseResponse(raw: string): HttpResponsePayload {
  const end = raw.indexOf('\r\n\r\n');
  const [start, ...lines] = raw.slice(0, end).split('\r\n');
  const [, version, status, reason] = /^(HTTP\/1\.[01]) (\d{3}) (.*)$/.exec(start!)!;
  const headers = lines.map((line): readonly [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]);
  return { protocol: 'http', kind: 'response', version: version as 'HTTP/1.0', status: Number(status), reason: reason!, headers, body: raw.slice(end + 4) };
}

function request(method: string, target: string, host = 'example.com'): HttpRequestPayload {
  return { protocol: 'http', kind: 'request', method, target, version: 'HTTP/1.1', headers: [['Host', host], ['User-Agent', 'curl/7.88.1'], ['Accept', '*/*']], body: '' };
}

/** The virtual time (ms after 20:15:27) of a recorded Date. */
const at = (second: number) => (second - 27) * 1000;

const RULE: RedirectRule = defaultRedirect('http://app', '/');

/** What nginx writes to the client for an upstream response, as raw bytes. */
function proxied(upstreamRaw: string, options: { method?: string; now?: number; keepAlive?: boolean; host?: string; port?: number; rule?: RedirectRule } = {}): string {
  const client = { request: request(options.method ?? 'GET', '/', options.host), localAddr: '10.0.0.2', localPort: options.port ?? 80 };
  const out = proxiedResponse(parseResponse(upstreamRaw), options.rule ?? RULE, client);
  return wire(out, options.keepAlive ?? true, options.now ?? 0);
}

function wire(out: OutgoingResponse, keepAlive: boolean, now: number): string {
  return rawHttp({ protocol: 'http', kind: 'response', version: 'HTTP/1.1', status: out.status, reason: out.reason, headers: responseHeaders(out, keepAlive, now), body: out.body });
}

describe('nginx passes a proxied response on as nginx 1.22.1 does (http-raw.json)', () => {
  it('get_index: Content-Type and Content-Length move to nginx\'s slots, before Connection', () => {
    const upstream = 'HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\n\r\nHello, world!';
    const recorded = 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, world!';
    expect(proxied(upstream, { now: at(27) })).toBe(recorded);
  });

  it('post_form: Vary follows Connection, in the upstream order', () => {
    const body = '{"cookies":{},"form":{"note":"hi there","user":"alice"},"method":"POST","session_user":null}\n';
    const upstream = `HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:28 GMT\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 93\r\nVary: Cookie\r\n\r\n${body}`;
    const recorded = `HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:28 GMT\r\nContent-Type: application/json\r\nContent-Length: 93\r\nConnection: keep-alive\r\nVary: Cookie\r\n\r\n${body}`;
    expect(proxied(upstream, { now: at(28) })).toBe(recorded);
  });

  it('post_login_sets_flask_session_cookie: Vary then Set-Cookie, untouched', () => {
    const cookie = 'Set-Cookie: session=eyJ1c2VyIjoieCJ9.awSe4Q.8pPId7VsKLSseL3UqtrEAZ4vkrk; HttpOnly; Path=/';
    const upstream = `HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:29 GMT\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 15\r\nVary: Cookie\r\n${cookie}\r\n\r\nlogged in as x\n`;
    const recorded = `HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:29 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 15\r\nConnection: keep-alive\r\nVary: Cookie\r\n${cookie}\r\n\r\nlogged in as x\n`;
    expect(proxied(upstream, { now: at(29) })).toBe(recorded);
  });
});

describe("nginx's own rules where no recording exists", () => {
  it("keeps the upstream's status line text verbatim: Werkzeug's 304 NOT MODIFIED, no Content-Length made up, no body", () => {
    // ngx_http_upstream_process_headers copies the status line; the header filter prints it.
    const upstream =
      'HTTP/1.0 304 NOT MODIFIED\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:28 GMT\r\nConnection: close\r\nContent-Disposition: inline; filename=main.css\r\nCache-Control: no-cache\r\nETag: "1795464025.0-47-1858930941"\r\nDate: Mon, 23 Nov 2026 20:15:28 GMT\r\n\r\n';
    expect(proxied(upstream, { now: at(28) })).toBe(
      'HTTP/1.1 304 NOT MODIFIED\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:28 GMT\r\nConnection: keep-alive\r\nContent-Disposition: inline; filename=main.css\r\nCache-Control: no-cache\r\nETag: "1795464025.0-47-1858930941"\r\n\r\n',
    );
  });

  it('passes a 404 NOT FOUND with its reason phrase as the upstream wrote it', () => {
    const upstream = 'HTTP/1.0 404 NOT FOUND\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 9\r\n\r\nnot found';
    expect(proxied(upstream)).toBe('HTTP/1.1 404 NOT FOUND\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 9\r\nConnection: keep-alive\r\n\r\nnot found');
  });

  it("HEAD: passes the upstream's Content-Length (the GET body's size) and sends no body", () => {
    const upstream = 'HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\n\r\n';
    const expected = 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\n';
    expect(proxied(upstream, { method: 'HEAD' })).toBe(expected);
    // Even if an upstream wrongly sent a body, nginx reads none for a HEAD.
    expect(proxied(`${upstream}Hello, world!`, { method: 'HEAD' })).toBe(expected);
  });

  it('a response without Content-Type does not shift the order: Content-Length, Connection, then the rest', () => {
    const upstream = 'HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nConnection: close\r\nX-Request-Id: 7\r\nContent-Length: 2\r\nCache-Control: no-store\r\n\r\nok';
    expect(proxied(upstream)).toBe('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Length: 2\r\nConnection: keep-alive\r\nX-Request-Id: 7\r\nCache-Control: no-store\r\n\r\nok');
  });

  it("Flask's static file: Last-Modified and ETag stay in the upstream order after Connection; every Date is hidden", () => {
    const upstream =
      'HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nConnection: close\r\nContent-Disposition: inline; filename=main.css\r\nContent-Type: text/css; charset=utf-8\r\nContent-Length: 3\r\nLast-Modified: Mon, 23 Nov 2026 20:00:25 GMT\r\nCache-Control: no-cache\r\nETag: "1795464025.0-47-1858930941"\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\n\r\nb{}';
    expect(proxied(upstream)).toBe(
      'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/css; charset=utf-8\r\nContent-Length: 3\r\nConnection: keep-alive\r\nContent-Disposition: inline; filename=main.css\r\nLast-Modified: Mon, 23 Nov 2026 20:00:25 GMT\r\nCache-Control: no-cache\r\nETag: "1795464025.0-47-1858930941"\r\n\r\nb{}',
    );
  });

  it('drops Keep-Alive, Transfer-Encoding and the X-Accel headers, hides X-Pad', () => {
    const upstream = 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nX-Pad: avoid browser bug\r\nX-Accel-Buffering: no\r\nX-Accel-Expires: 10\r\nContent-Length: 2\r\nX-Powered-By: Flask\r\n\r\nok';
    expect(proxied(upstream)).toBe('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Length: 2\r\nConnection: keep-alive\r\nX-Powered-By: Flask\r\n\r\nok');
  });

  it('says Connection: close when the connection will not be kept', () => {
    const upstream = 'HTTP/1.0 200 OK\r\nServer: gunicorn\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok';
    expect(proxied(upstream, { keepAlive: false })).toBe('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
  });
});

describe('Location through proxy_redirect default', () => {
  const redirect = (location: string) => `HTTP/1.0 302 FOUND\r\nServer: gunicorn\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 0\r\nLocation: ${location}\r\n\r\n`;

  it('a relative Location is passed untouched, in the upstream order', () => {
    expect(proxied(redirect('/dashboard'))).toBe('HTTP/1.1 302 FOUND\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 0\r\nConnection: keep-alive\r\nLocation: /dashboard\r\n\r\n');
  });

  it('a Location on the proxy_pass URL is rewritten, made absolute with the client\'s Host, and written before Connection', () => {
    expect(proxied(redirect('http://app/dashboard?x=1'))).toBe(
      'HTTP/1.1 302 FOUND\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 0\r\nLocation: http://example.com/dashboard?x=1\r\nConnection: keep-alive\r\n\r\n',
    );
    // The Host's port goes; nginx's own port is written when it is not 80.
    expect(proxied(redirect('http://app/next'), { host: 'Example.COM:8080', port: 8080 })).toContain('\r\nLocation: http://example.com:8080/next\r\n');
  });

  it('another host, or another port, is left alone', () => {
    expect(proxied(redirect('http://other/x'))).toContain('\r\nConnection: keep-alive\r\nLocation: http://other/x\r\n');
    expect(proxied(redirect('http://app:8000/x'))).toContain('\r\nConnection: keep-alive\r\nLocation: http://app:8000/x\r\n');
  });

  it('with a URI in proxy_pass, the URL is replaced by the location path', () => {
    expect(defaultRedirect('http://app', '/api/')).toEqual({ pattern: 'http://app/', replacement: '/' });
    expect(defaultRedirect('http://app/', '/api/')).toEqual({ pattern: 'http://app/', replacement: '/api/' });
    expect(proxied(redirect('http://app/login'), { rule: defaultRedirect('http://app/', '/api/') })).toContain('\r\nLocation: http://example.com/api/login\r\nConnection: keep-alive\r\n');
  });
});

describe("nginx's own pages (nginx-responses.json)", () => {
  const page502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';

  it('502_upstream_down, byte for byte', () => {
    const rawHead = 'HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:11 GMT\r\nContent-Type: text/html\r\nContent-Length: 157\r\nConnection: keep-alive\r\n\r\n';
    expect(wire(ownPage(502, page502, request('GET', '/index')), true, at(11))).toBe(rawHead + page502);
  });

  it('the same page for HEAD: the length of the page, and no body', () => {
    expect(wire(ownPage(502, page502, request('HEAD', '/index')), true, 0)).toBe(
      'HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/html\r\nContent-Length: 157\r\nConnection: keep-alive\r\n\r\n',
    );
  });
});

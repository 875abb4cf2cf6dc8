import { describe, expect, it } from 'vitest';
import { browserPage, diagnose, errorHeading, nodeStatus, type TcpLayer, type TraceEvent } from '../../index.ts';
import { socketServerConfigSchema } from './config.ts';
import { contentTypeOf, filePathFor } from './responses.ts';
import { finished, httpSends, rawHttp, serverTopology, traceLines, traceOf, type Visit } from './test-topology.node.ts';

const socketServer = (config: Record<string, unknown>, browsers: readonly (readonly Visit[])[] = [[{ url: 'http://example.com:8080/' }]]) =>
  serverTopology({ kind: 'socket-server', address: '10.0.0.4', config }, browsers);

const tcpOf = (event: TraceEvent) => event.message?.layers.find((layer): layer is TcpLayer => layer.layer === 'tcp');
const sentBy = (events: readonly TraceEvent[], from: string) => events.filter((event) => event.type === 'send' && event.from === from);

const SITE = {
  behaviour: 'files',
  directory: '/srv/site',
  files: [
    { path: '/srv/site/index.html', body: '<!doctype html><title>Home</title><link rel="stylesheet" href="main.css"><p>Hi</p>' },
    { path: '/srv/site/docs/guide.txt', body: 'read me\n' },
  ],
};

describe('socket-server, behaviour close: an empty reply', () => {
  const document = socketServer({ behaviour: 'close' });
  const events = traceOf(document);

  it('reads the request, then sends FIN and no byte of data', () => {
    const server = sentBy(events, 'server').map(tcpOf);
    expect(server.some((segment) => segment?.flags.includes('FIN'))).toBe(true);
    expect(server.every((segment) => segment?.len === 0)).toBe(true);
    expect(httpSends(events)).toEqual(['browser1>server GET / HTTP/1.1']);
    expect(events.some((event) => event.from === 'server' && event.type === 'state' && event.summary === 'Read GET / HTTP/1.1; closes the connection without answering')).toBe(true);
  });

  it('the browser shows ERR_EMPTY_RESPONSE under "This page isn’t working", as Chromium does', () => {
    const page = browserPage(finished(document), 'browser1');
    expect(page).toMatchObject({ kind: 'error', code: 'ERR_EMPTY_RESPONSE', explanation: "example.com didn't send any data." });
    expect(errorHeading('ERR_EMPTY_RESPONSE')).toBe('This page isn’t working');
  });

  it('its status counts the connection closed without an answer and prints what it read', () => {
    const status = nodeStatus(finished(document), 'server')!;
    expect(status.details).toContainEqual({ label: 'Answered', value: '0 answered, 1 closed without an answer' });
    expect(status.logs?.[0]?.name).toBe('terminal');
    expect(status.logs?.[0]?.lines).toEqual([expect.stringMatching(/^\('10\.0\.0\.10', \d+\) 'GET \/ HTTP\/1\.1' -> closed without answering$/)]);
  });
});

describe('socket-server, behaviour fixed: a hand-written 200 OK', () => {
  it('sends exactly a status line, Content-Type, Content-Length, a blank line and the body', () => {
    const events = traceOf(socketServer({ behaviour: 'fixed', body: 'Hello, world!', contentType: 'text/html' }));
    const response = events.find((event) => event.type === 'send' && event.from === 'server' && event.protocol === 'http')!;
    expect(response.summary).toBe('HTTP/1.1 200 OK');
    expect(rawHttp(response)).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\nHello, world!');
    expect(tcpOf(response)!.len).toBe(rawHttp(response).length);
  });

  it('is the same answer whatever was asked, and the browser shows the body', () => {
    const document = socketServer({ behaviour: 'fixed', body: '<title>Fixed</title><p>Same for all</p>' }, [[{ url: 'http://example.com:8080/anything?x=1' }]]);
    const page = browserPage(finished(document), 'browser1');
    expect(page).toMatchObject({ kind: 'loaded', status: 200, title: 'Fixed', text: 'Same for all' });
    const responses = traceOf(document).filter((event) => event.type === 'send' && event.from === 'server' && event.protocol === 'http');
    expect(new Set(responses.map(rawHttp)).size).toBe(1);
  });

  it('counts the Content-Length in UTF-8 bytes', () => {
    const events = traceOf(socketServer({ behaviour: 'fixed', body: 'héllo ✓' }));
    const response = events.find((event) => event.type === 'send' && event.from === 'server' && event.protocol === 'http')!;
    expect(rawHttp(response)).toContain('Content-Length: 10\r\n');
  });
});

describe('socket-server, behaviour files: the request line parsed', () => {
  it('serves index.html for /, with 200, then 404 for the stylesheet it links and for /favicon.ico', () => {
    const events = traceOf(socketServer(SITE));
    expect(httpSends(events)).toEqual([
      'browser1>server GET / HTTP/1.1',
      'server>browser1 HTTP/1.1 200 OK',
      'browser1>server GET /main.css HTTP/1.1',
      'server>browser1 HTTP/1.1 404 Not Found',
      'browser1>server GET /favicon.ico HTTP/1.1',
      'server>browser1 HTTP/1.1 404 Not Found',
    ]);
    const [ok, missing] = events.filter((event) => event.type === 'send' && event.from === 'server' && event.protocol === 'http');
    expect(rawHttp(ok!)).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: text\/html\r\nContent-Length: 82\r\nConnection: close\r\n\r\n<!doctype html>/);
    expect(rawHttp(missing!)).toBe('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 14\r\nConnection: close\r\n\r\n404 Not Found\n');
  });

  it('each request has its own connection: the server closes after every answer', () => {
    const events = traceOf(socketServer(SITE));
    const requests = events.filter((event) => event.type === 'send' && event.from === 'browser1' && event.protocol === 'http');
    expect(new Set(requests.map((event) => tcpOf(event)!.srcPort)).size).toBe(3);
    const page = browserPage(finished(socketServer(SITE)), 'browser1');
    expect(page?.kind === 'loaded' && page.requests.map((request) => `${request.destination} ${request.status}`)).toEqual(['document 200', 'style 404', 'favicon 404']);
  });

  it('finds files in subfolders, and ignores the query string', () => {
    const events = traceOf(socketServer(SITE, [[{ url: 'http://example.com:8080/docs/guide.txt?download=1' }]]));
    const response = events.find((event) => event.type === 'send' && event.from === 'server' && event.protocol === 'http')!;
    expect(rawHttp(response)).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\nConnection: close\r\n\r\nread me\n');
  });

  it('answers only GET: POST, HEAD and DELETE get 501 Not Implemented', () => {
    const visits: Visit[] = [
      { url: 'http://example.com:8080/', method: 'POST', form: { user: 'alice' }, atMs: 0 },
      { url: 'http://example.com:8080/', method: 'HEAD', atMs: 500 },
      { url: 'http://example.com:8080/', method: 'DELETE', atMs: 1000 },
    ];
    const sends = httpSends(traceOf(socketServer(SITE, [visits])));
    // The POST is a form navigation, so the page that shows the 501 asks for /favicon.ico (a GET: 404).
    expect(sends).toEqual([
      'browser1>server POST / HTTP/1.1',
      'server>browser1 HTTP/1.1 501 Not Implemented',
      'browser1>server GET /favicon.ico HTTP/1.1',
      'server>browser1 HTTP/1.1 404 Not Found',
      'browser1>server HEAD / HTTP/1.1',
      'server>browser1 HTTP/1.1 501 Not Implemented',
      'browser1>server DELETE / HTTP/1.1',
      'server>browser1 HTTP/1.1 501 Not Implemented',
    ]);
  });

  it('maps paths and guesses types as a hand-written server does', () => {
    expect(filePathFor('/srv/site', '/')).toBe('/srv/site/index.html');
    expect(filePathFor('/srv/site/', '/a/')).toBe('/srv/site/a/index.html');
    expect(filePathFor('/srv/site', '/main.css?v=2#top')).toBe('/srv/site/main.css');
    expect(contentTypeOf('/srv/site/main.css')).toBe('text/css');
    expect(contentTypeOf('/srv/site/favicon.ico')).toBe('image/x-icon');
    expect(contentTypeOf('/srv/site.d/README')).toBe('application/octet-stream');
  });

  it('prints one line per connection, with the status it sent', () => {
    const lines = nodeStatus(finished(socketServer(SITE)), 'server')!.logs![0]!.lines;
    expect(lines.map((line) => line.replace(/\d{5}/, 'PORT'))).toEqual([
      "('10.0.0.10', PORT) 'GET / HTTP/1.1' -> 200 OK",
      "('10.0.0.10', PORT) 'GET /main.css HTTP/1.1' -> 404 Not Found",
      "('10.0.0.10', PORT) 'GET /favicon.ico HTTP/1.1' -> 404 Not Found",
    ]);
  });
});

describe('socket-server: checks before a run', () => {
  it('warns that a port below 1024 needs root (PermissionError: [Errno 13])', () => {
    const diagnostics = diagnose(socketServer({ port: 80 }, [[{ url: 'http://example.com/' }]]));
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', nodeId: 'server', path: 'port', message: expect.stringContaining('PermissionError: [Errno 13] Permission denied') }),
    ]);
    expect(diagnostics[0]!.message).toContain('Port 80 is below 1024');
  });

  it('says nothing for 1024 and above; the default port is 8080 and the default behaviour close', () => {
    expect(diagnose(socketServer({ port: 1024 }, [[{ url: 'http://example.com:1024/' }]]))).toEqual([]);
    expect(socketServerConfigSchema.parse({})).toMatchObject({ port: 8080, behaviour: 'close', directory: '/srv/site' });
  });

  it('still runs on a privileged port, as if started with sudo', () => {
    const page = browserPage(finished(socketServer({ port: 80, behaviour: 'fixed' }, [[{ url: 'http://example.com/' }]])), 'browser1');
    expect(page).toMatchObject({ kind: 'loaded', status: 200 });
  });

  it('a browser aiming at another port is refused by the kernel', () => {
    const page = browserPage(finished(socketServer({ port: 9000 })), 'browser1');
    expect(page).toMatchObject({ kind: 'error', code: 'ERR_CONNECTION_REFUSED' });
  });
});

describe('socket-server: determinism', () => {
  it('the same document and seed give the same trace, byte for byte; another seed other ports', () => {
    for (const config of [{ behaviour: 'close' }, { behaviour: 'fixed' }, SITE]) {
      const document = socketServer(config);
      expect(traceLines(document, 7)).toEqual(traceLines(document, 7));
    }
    expect(traceLines(socketServer(SITE), 7)).not.toEqual(traceLines(socketServer(SITE), 8));
  });
});

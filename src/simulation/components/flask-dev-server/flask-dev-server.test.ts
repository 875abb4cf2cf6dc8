import { describe, expect, it } from 'vitest';
import { advanceToTime, browserPage, createPlayback, diagnose, nodeStatus, type TraceEvent } from '../../index.ts';
import { finished, httpSends, rawHttp, serverTopology, traceLines, traceOf, type Visit } from '../socket-server/test-topology.node.ts';
import { flaskDevServerConfigSchema } from './config.ts';
import { logDateTime, requestLogLine } from './werkzeug.ts';

const ROUTES = [
  { rule: '/', endpoint: 'index', view: 'text', body: '<title>Home</title><p>Hello, world!</p>', processingMs: 1 },
  { rule: '/slow', endpoint: 'slow', view: 'text', body: 'slow done', processingMs: 2000 },
  { rule: '/login', endpoint: 'login', methods: ['POST'], view: 'login' },
  { rule: '/echo', endpoint: 'echo', view: 'echo' },
];

const devServer = (config: Record<string, unknown>, browsers: readonly (readonly Visit[])[]) =>
  serverTopology({ kind: 'flask-dev-server', address: '10.0.0.9', config: { host: '0.0.0.0', routes: ROUTES, ...config } }, browsers);

/** Browser 1 asks for the slow view at 0 ms; browsers 2 and 3 for / at 100 and 200 ms. */
const threeBrowsers = (threaded: boolean) =>
  devServer({ threaded }, [[{ url: 'http://example.com:5000/slow' }], [{ url: 'http://example.com:5000/', atMs: 100 }], [{ url: 'http://example.com:5000/', atMs: 200 }]]);

/** When each browser's page finished loading (its "Page loaded" note). */
function loadedAt(events: readonly TraceEvent[]): Record<string, number> {
  const times: Record<string, number> = {};
  for (const event of events) if (event.type === 'state' && event.summary.startsWith('Page loaded')) times[event.from] = event.t;
  return times;
}

const serverResponses = (events: readonly TraceEvent[]) => events.filter((event) => event.type === 'send' && event.from === 'server' && event.protocol === 'http');

describe('flask-dev-server: threaded=False blocks, threaded=True does not', () => {
  it('single-threaded, the quick requests wait in line behind the slow view', () => {
    const times = loadedAt(traceOf(threeBrowsers(false)));
    expect(times['browser1']).toBeGreaterThan(2000);
    // Each waits for the slow view, then for the one before it: 1 ms of Python each.
    expect(times['browser2']).toBeGreaterThan(times['browser1']!);
    expect(times['browser3']).toBeGreaterThan(times['browser2']!);
    expect(times['browser3']! - times['browser1']!).toBeLessThan(10);
  });

  it('threaded, they load at once while the slow view still runs', () => {
    const times = loadedAt(traceOf(threeBrowsers(true)));
    expect(times['browser2']).toBeLessThan(200);
    expect(times['browser3']).toBeLessThan(300);
    expect(times['browser1']).toBeGreaterThan(2000);
  });

  it('says why a request waits, and when the thread takes it', () => {
    const notes = traceOf(threeBrowsers(false)).filter((event) => event.type === 'state' && event.from === 'server').map((event) => event.summary);
    expect(notes).toContain('threaded=False: the one thread is busy with GET /slow HTTP/1.1, so GET / HTTP/1.1 waits (2 waiting)');
    expect(notes).toContain("The server's one thread is free: it takes GET / HTTP/1.1 (1 still waiting)");
  });

  it('the status shows what runs and how many wait, mid-run', () => {
    const status = nodeStatus(advanceToTime(createPlayback(threeBrowsers(false)), 1000), 'server')!;
    expect(status.headline).toBe('1 running (one thread), 2 waiting');
    expect(status.details).toContainEqual({ label: 'Running', value: 'GET /slow HTTP/1.1' });
    expect(status.details).toContainEqual({ label: 'Waiting', value: '2 (at most 2)' });
    expect(status.workers).toEqual([{ id: 'main thread', state: 'busy', detail: 'GET /slow HTTP/1.1: slow()' }]);
    expect(status.active).toBe(true);
  });

  it('threaded, the status shows a thread per running request', () => {
    const document = devServer({ threaded: true }, [[{ url: 'http://example.com:5000/slow' }], [{ url: 'http://example.com:5000/slow', atMs: 100 }]]);
    const status = nodeStatus(advanceToTime(createPlayback(document), 1000), 'server')!;
    expect(status.headline).toBe('2 running, 0 waiting');
    expect(status.workers?.map((worker) => worker.state)).toEqual(['busy', 'busy']);
    const done = nodeStatus(finished(document), 'server')!;
    expect(done.headline).toBe('Listening on 0.0.0.0:5000');
    expect(done.details).toContainEqual({ label: 'Requests handled', value: '4' });
  });
});

describe("flask-dev-server: Werkzeug's responses", () => {
  it('threaded: HTTP/1.1 with Server, Date, the app headers and Connection: close, in that order', () => {
    const [response] = serverResponses(traceOf(devServer({ threaded: true }, [[{ url: 'http://example.com:5000/' }]])));
    expect(rawHttp(response!)).toBe(
      'HTTP/1.1 200 OK\r\nServer: Werkzeug/2.2.2 Python/3.11.2\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 39\r\nConnection: close\r\n\r\n<title>Home</title><p>Hello, world!</p>',
    );
  });

  it("single-threaded: http.server's HTTP/1.0 status line, and Werkzeug's upper-case status text for errors", () => {
    const sends = httpSends(traceOf(devServer({ threaded: false }, [[{ url: 'http://example.com:5000/' }]])));
    expect(sends).toEqual(['browser1>server GET / HTTP/1.1', 'server>browser1 HTTP/1.0 200 OK', 'browser1>server GET /favicon.ico HTTP/1.1', 'server>browser1 HTTP/1.0 404 NOT FOUND']);
  });

  it('routes as the Flask kind does: 405 with Allow for a method the rule does not take', () => {
    const events = traceOf(devServer({}, [[{ url: 'http://example.com:5000/login' }]]));
    const response = serverResponses(events)[0]!;
    expect(response.summary).toBe('HTTP/1.1 405 METHOD NOT ALLOWED');
    expect(rawHttp(response)).toContain('Allow: POST, OPTIONS\r\n');
  });

  it("keeps a login in Flask's signed session cookie", () => {
    const visits: Visit[] = [
      { url: 'http://example.com:5000/login', method: 'POST', form: { user: 'alice' } },
      { url: 'http://example.com:5000/echo', atMs: 500 },
    ];
    const document = devServer({}, [visits]);
    const login = serverResponses(traceOf(document)).find((event) => rawHttp(event).includes('logged in as alice'))!;
    expect(rawHttp(login)).toMatch(/\r\nVary: Cookie\r\nSet-Cookie: session=[^;]+; HttpOnly; Path=\/\r\nConnection: close\r\n/);
    const page = browserPage(finished(document), 'browser1');
    expect(page?.kind === 'loaded' && JSON.parse(page.body)).toMatchObject({ session_user: 'alice', method: 'GET' });
  });

  it('a view that runs SQL is refused before the run, and answers 500 if run anyway', () => {
    const routes = [{ rule: '/', endpoint: 'posts', view: 'text', sql: 'SELECT title FROM posts' }];
    const document = devServer({ routes }, [[{ url: 'http://example.com:5000/' }]]);
    expect(diagnose(document)).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'server', path: 'routes[0].sql' })]);
    expect(serverResponses(traceOf(document))[0]!.summary).toBe('HTTP/1.1 500 INTERNAL SERVER ERROR');
  });
});

describe('flask-dev-server: 127.0.0.1 is loopback', () => {
  const loopback = devServer({ host: '127.0.0.1' }, [[{ url: 'http://example.com:5000/' }]]);

  it('defaults to 127.0.0.1:5000, threaded', () => {
    expect(flaskDevServerConfigSchema.parse({})).toMatchObject({ host: '127.0.0.1', port: 5000, threaded: true, address: '10.0.0.9' });
  });

  it("warns that a linked browser cannot reach it, and says to listen on host='0.0.0.0'", () => {
    const diagnostics = diagnose(loopback);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', nodeId: 'server', path: 'host' });
    expect(diagnostics[0]!.message).toContain('listens on 127.0.0.1:5000, the loopback address');
    expect(diagnostics[0]!.message).toContain('Browser 1 is refused');
    expect(diagnostics[0]!.fix).toContain("host='0.0.0.0'");
  });

  it('in the run, the connection from the other machine is refused', () => {
    const events = traceOf(loopback);
    expect(events.some((event) => event.from === 'server' && event.summary.includes('[RST, ACK]'))).toBe(true);
    expect(events.some((event) => event.type === 'state' && event.summary.startsWith('The server listens on 127.0.0.1:5000 only'))).toBe(true);
    expect(browserPage(finished(loopback), 'browser1')).toMatchObject({ kind: 'error', code: 'ERR_CONNECTION_REFUSED' });
  });

  it('without a link from another node there is nothing to warn about; its own address works like 0.0.0.0', () => {
    const alone = { ...loopback, nodes: loopback.nodes.filter((node) => node.id === 'server'), links: [] };
    expect(diagnose(alone)).toEqual([]);
    const own = devServer({ host: '10.0.0.9' }, [[{ url: 'http://example.com:5000/' }]]);
    expect(diagnose(own)).toEqual([]);
    expect(browserPage(finished(own), 'browser1')).toMatchObject({ kind: 'loaded', status: 200 });
  });

  it('an address of another machine cannot be bound at all', () => {
    const diagnostics = diagnose(devServer({ host: '10.0.0.99' }, [[{ url: 'http://example.com:5000/' }]]));
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', path: 'host', message: expect.stringContaining('[Errno 99] Cannot assign requested address') })]);
  });

  it('a privileged port gets the same warning as a socket server', () => {
    const diagnostics = diagnose(devServer({ port: 80 }, [[{ url: 'http://example.com/' }]]));
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', path: 'port', message: expect.stringContaining('PermissionError: [Errno 13] Permission denied') })]);
  });
});

describe("flask-dev-server: Werkzeug's log", () => {
  it('prints the startup banner, then one line per request in the format of WSGIRequestHandler.log_request', () => {
    const lines = nodeStatus(finished(devServer({}, [[{ url: 'http://example.com:5000/' }]])), 'server')!.logs![0]!;
    expect(lines.name).toBe('terminal');
    expect(lines.lines).toEqual([
      " * Serving Flask app 'app'",
      ' * Debug mode: off',
      'WARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.',
      ' * Running on all addresses (0.0.0.0)',
      ' * Running on http://127.0.0.1:5000',
      ' * Running on http://10.0.0.9:5000',
      'Press CTRL+C to quit',
      '10.0.0.10 - - [23/Nov/2026 20:15:27] "GET / HTTP/1.1" 200 -',
      '10.0.0.10 - - [23/Nov/2026 20:15:27] "GET /favicon.ico HTTP/1.1" 404 -',
    ]);
  });

  it('on loopback the banner names 127.0.0.1 only', () => {
    const alone = devServer({ host: '127.0.0.1' }, [[]]);
    const lines = nodeStatus(finished(alone), 'server')!.logs![0]!.lines;
    expect(lines).toContain(' * Running on http://127.0.0.1:5000');
    expect(lines.some((line) => line.includes('all addresses'))).toBe(false);
  });

  it("writes the time as http.server's log_date_time_string does", () => {
    expect(logDateTime(0)).toBe('23/Nov/2026 20:15:27');
    expect(logDateTime(3_600_000 * 4)).toBe('24/Nov/2026 00:15:27');
    const request = { protocol: 'http', kind: 'request', method: 'POST', target: '/login', version: 'HTTP/1.1', headers: [], body: '' } as const;
    expect(requestLogLine({ client: '10.0.0.10', time: 2500, request, status: 302 })).toBe('10.0.0.10 - - [23/Nov/2026 20:15:29] "POST /login HTTP/1.1" 302 -');
  });
});

describe('flask-dev-server: determinism', () => {
  it('the same document and seed give the same trace, byte for byte', () => {
    for (const threaded of [false, true]) {
      const document = threeBrowsers(threaded);
      expect(traceLines(document, 3)).toEqual(traceLines(document, 3));
    }
  });
});

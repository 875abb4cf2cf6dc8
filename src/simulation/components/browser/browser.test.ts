import { describe, expect, it } from 'vitest';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import { httpDate } from '../../protocols/http.ts';
import { browserConfigSchema } from './config.ts';
import { headersOf, runBrowser, type Answer } from './browser-harness.node.ts';

const ORIGIN = 'http://10.0.0.2';
const html = (body: string): Answer => ({ status: 200, headers: [['Content-Type', 'text/html; charset=utf-8']], body });
const notFound: Answer = { status: 404, reason: 'Not Found', headers: [['Content-Type', 'text/html']], body: 'nope' };
const paths = (exchanges: { request: HttpRequestPayload }[]) => exchanges.map((exchange) => `${exchange.request.method} ${exchange.request.target}`);

describe('browser: a page load', () => {
  it('sends a typed navigation with Chromium headers in wire order, then asks for /favicon.ico on the same connection', () => {
    const run = runBrowser([{ url: `${ORIGIN}/` }], (request) => (request.target === '/' ? html('<title>Home</title><p>Hi</p>') : notFound));
    expect(paths(run.exchanges)).toEqual(['GET /', 'GET /favicon.ico']);
    expect(run.exchanges[0]!.request.headers.map(([name]) => name)).toEqual([
      'Host', 'Connection', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'Upgrade-Insecure-Requests', 'User-Agent', 'Accept',
      'Sec-Fetch-Site', 'Sec-Fetch-Mode', 'Sec-Fetch-User', 'Sec-Fetch-Dest', 'Accept-Encoding', 'Accept-Language',
    ]);
    expect(run.exchanges[1]!.connection).toBe(run.exchanges[0]!.connection);
    expect(run.exchanges[1]!.request.headers.map(([name]) => name)).toEqual([
      'Host', 'Connection', 'sec-ch-ua-platform', 'User-Agent', 'sec-ch-ua', 'sec-ch-ua-mobile', 'Accept', 'Sec-Fetch-Site', 'Sec-Fetch-Mode', 'Sec-Fetch-Dest', 'Referer', 'Accept-Encoding', 'Accept-Language',
    ]);
    expect(run.browser.page).toMatchObject({ kind: 'loaded', title: 'Home', text: 'Hi', complete: true, via: 'navigation' });
  });

  it('fetches the stylesheet, script and image a page links; requests made while the connection is busy open new ones', () => {
    const page = '<link rel=stylesheet href="/a.css"><script src="b.js"></script><img src="img/c.png"><p>x</p>';
    const run = runBrowser([{ url: `${ORIGIN}/dir/page.html` }], (request) => (request.target === '/dir/page.html' ? html(page) : request.target === '/favicon.ico' ? notFound : { status: 200, body: 'x' }));
    expect(paths(run.exchanges)).toEqual(['GET /dir/page.html', 'GET /a.css', 'GET /dir/b.js', 'GET /dir/img/c.png', 'GET /favicon.ico']);
    const byPath = new Map(run.exchanges.map((exchange) => [exchange.request.target, exchange]));
    expect(byPath.get('/a.css')!.connection).toBe(byPath.get('/dir/page.html')!.connection);
    expect(new Set(run.exchanges.slice(1, 4).map((exchange) => exchange.connection)).size).toBe(3);
    expect(headersOf(byPath.get('/dir/b.js')!.request).get('Sec-Fetch-Dest')).toBe('script');
    expect(headersOf(byPath.get('/dir/b.js')!.request).get('Accept')).toBe('*/*');
    expect(headersOf(byPath.get('/dir/img/c.png')!.request).get('Sec-Fetch-Dest')).toBe('image');
    // The favicon waits for the load event: after every subresource was answered.
    const favicon = byPath.get('/favicon.ico')!;
    expect(favicon.at).toBeGreaterThan(Math.max(...run.exchanges.slice(1, 4).map((exchange) => exchange.at)));
    expect(run.browser.page.kind === 'loaded' && run.browser.page.requests.map((request) => request.destination)).toEqual(['document', 'style', 'script', 'image', 'favicon']);
  });

  it('uses at most six connections per host for a page: the seventh and eighth image wait for a free one', () => {
    const images = Array.from({ length: 8 }, (_, index) => `<img src="/i${index}.png">`).join('');
    const run = runBrowser([{ url: `${ORIGIN}/` }], (request) => (request.target === '/' ? html(images) : request.target === '/favicon.ico' ? notFound : { status: 200, body: 'png' }));
    const imageExchanges = run.exchanges.filter((exchange) => exchange.request.target.startsWith('/i'));
    expect(imageExchanges).toHaveLength(8);
    expect(new Set(imageExchanges.map((exchange) => exchange.connection)).size).toBe(6);
    const byTarget = new Map(imageExchanges.map((exchange) => [exchange.request.target, exchange]));
    const firstSix = ['/i0.png', '/i1.png', '/i2.png', '/i3.png', '/i4.png', '/i5.png'].map((target) => byTarget.get(target)!);
    // The first six go at once (one on the idle connection, five on new ones); the last two only
    // when a connection is free again, after the first answer, on one of those six.
    expect(new Set(firstSix.map((exchange) => exchange.connection)).size).toBe(6);
    for (const late of [byTarget.get('/i6.png')!, byTarget.get('/i7.png')!]) {
      expect(late.at).toBeGreaterThan(byTarget.get('/i0.png')!.at);
      expect(firstSix.some((exchange) => exchange.connection === late.connection)).toBe(true);
    }
    expect(run.notes.filter((note) => note.includes('waits: 6 connections'))).toHaveLength(2);
    expect(run.browser.waiting).toBe(0);
    expect(run.browser.page).toMatchObject({ kind: 'loaded', complete: true });
  });

  it('asks for a favicon only once per browser (Chromium remembers a missing one)', () => {
    const run = runBrowser([{ url: `${ORIGIN}/`, atMs: 0 }, { url: `${ORIGIN}/`, atMs: 1000 }], (request) => (request.target === '/' ? html('<p>x</p>') : notFound));
    expect(paths(run.exchanges)).toEqual(['GET /', 'GET /favicon.ico', 'GET /']);
  });

  it('uses the icon the page declares instead of /favicon.ico', () => {
    const run = runBrowser([{ url: `${ORIGIN}/` }], (request) => (request.target === '/' ? html('<link rel="icon" href="/i.png"><p>x</p>') : notFound));
    expect(paths(run.exchanges)).toEqual(['GET /', 'GET /i.png']);
  });
});

describe('browser: methods and bodies', () => {
  it('submits a form as Chromium does: urlencoded with +, Origin, Cache-Control: max-age=0, in wire order', () => {
    const run = runBrowser([{ url: `${ORIGIN}/echo`, method: 'POST', form: { user: 'alice', note: 'hi there' } }], () => ({ status: 200, headers: [['Content-Type', 'application/json']], body: '{}' }));
    const request = run.exchanges[0]!.request;
    expect(request.method).toBe('POST');
    expect(request.body).toBe('user=alice&note=hi+there');
    expect(request.headers.map(([name]) => name)).toEqual([
      'Host', 'Connection', 'Content-Length', 'Cache-Control', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'Upgrade-Insecure-Requests', 'Origin', 'Content-Type',
      'User-Agent', 'Accept', 'Sec-Fetch-Site', 'Sec-Fetch-Mode', 'Sec-Fetch-User', 'Sec-Fetch-Dest', 'Referer', 'Accept-Encoding', 'Accept-Language',
    ]);
    const headers = headersOf(request);
    expect(headers.get('Content-Length')).toBe('24');
    expect(headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(headers.get('Origin')).toBe(ORIGIN);
    expect(headers.get('Cache-Control')).toBe('max-age=0');
    expect(headers.get('Sec-Fetch-Site')).toBe('same-origin');
    expect(run.browser.page).toMatchObject({ kind: 'loaded', via: 'form', text: '{}' });
  });

  it('sends JSON and PUT/DELETE as fetch() from the page: cors mode, Accept */*, Origin', () => {
    const run = runBrowser(
      [
        { url: `${ORIGIN}/api`, method: 'PUT', json: '{"a":1}', atMs: 0 },
        { url: `${ORIGIN}/api`, method: 'DELETE', atMs: 100 },
        { url: `${ORIGIN}/api`, method: 'HEAD', atMs: 200 },
      ],
      () => ({ status: 200, headers: [['Content-Type', 'application/json']], body: '{"ok":true}' }),
    );
    expect(paths(run.exchanges)).toEqual(['PUT /api', 'DELETE /api', 'HEAD /api']);
    const [put, del, head] = run.exchanges.map((exchange) => headersOf(exchange.request));
    expect(put!.get('Content-Type')).toBe('application/json');
    expect(put!.get('Content-Length')).toBe('7');
    expect(put!.get('Sec-Fetch-Mode')).toBe('cors');
    expect(put!.get('Sec-Fetch-Dest')).toBe('empty');
    expect(put!.get('Accept')).toBe('*/*');
    expect(put!.get('Origin')).toBe(ORIGIN);
    expect(run.exchanges[0]!.request.body).toBe('{"a":1}');
    expect(del!.has('Content-Length')).toBe(false);
    expect(del!.get('Origin')).toBe(ORIGIN);
    expect(head!.has('Origin')).toBe(false);
    expect(run.browser.page).toMatchObject({ kind: 'loaded', via: 'fetch' });
  });

  it('sends a fetch() from the page the tab holds: a later fetch() refers to that page, not to the last fetch() answer', () => {
    const run = runBrowser(
      [
        { url: `${ORIGIN}/app`, atMs: 0 },
        { url: `${ORIGIN}/api/items`, method: 'POST', json: '{}', atMs: 100 },
        { url: `${ORIGIN}/api/items/1`, method: 'DELETE', atMs: 200 },
      ],
      (request) => (request.target === '/app' ? html('<p>app</p>') : request.target.startsWith('/api') ? { status: 200, headers: [['Content-Type', 'application/json']], body: '{}' } : notFound),
    );
    const referers = run.exchanges.filter((exchange) => exchange.request.target.startsWith('/api')).map((exchange) => headersOf(exchange.request).get('Referer'));
    expect(referers).toEqual([`${ORIGIN}/app`, `${ORIGIN}/app`]);
    expect(run.browser.page).toMatchObject({ kind: 'loaded', via: 'fetch', url: `${ORIGIN}/api/items/1`, documentUrl: `${ORIGIN}/app` });
  });

  it('refuses a body on GET or HEAD, both form and json, and JSON that does not parse, naming the field', () => {
    const issues = (visit: object) => {
      const result = browserConfigSchema.safeParse({ visits: [visit] });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(issues({ url: 'http://a.com/', form: { a: 'b' } })).toEqual(['visits.0.form: a GET request has no body: remove it, or set method to POST or PUT.']);
    expect(issues({ url: 'http://a.com/', method: 'HEAD', json: '{}' })[0]).toMatch(/^visits\.0\.json: a HEAD request has no body/);
    expect(issues({ url: 'http://a.com/', method: 'POST', form: {}, json: '{}' })).toEqual(['visits.0.json: a visit sends either a form or a JSON body, not both: remove form or json.']);
    expect(issues({ url: 'http://a.com/', method: 'POST', json: '{nope' })).toEqual(['visits.0.json: must be a JSON text such as {"user": "alice"}.']);
    expect(issues({ url: 'http://a.com/', atMs: 5 })).toEqual([]);
  });
});

describe('browser: redirects', () => {
  it('follows a relative Location; the page shows the final URL and both requests', () => {
    const run = runBrowser([{ url: `${ORIGIN}/old` }], (request) =>
      request.target === '/old' ? { status: 301, reason: 'Moved Permanently', headers: [['Location', '/new']] } : request.target === '/new' ? html('<p>new</p>') : notFound,
    );
    expect(paths(run.exchanges)).toEqual(['GET /old', 'GET /new', 'GET /favicon.ico']);
    expect(headersOf(run.exchanges[1]!.request).get('Sec-Fetch-Site')).toBe('none');
    expect(run.browser.page).toMatchObject({ kind: 'loaded', url: `${ORIGIN}/new`, requests: [{ url: `${ORIGIN}/old`, status: 301 }, { url: `${ORIGIN}/new`, status: 200 }, { destination: 'favicon' }] });
  });

  it.each([
    [301, 'POST', 'GET', ''],
    [302, 'POST', 'GET', ''],
    [303, 'POST', 'GET', ''],
    [307, 'POST', 'POST', 'a=1'],
    [308, 'POST', 'POST', 'a=1'],
  ])('%i after a %s form goes on as %s', (status, method, nextMethod, body) => {
    const run = runBrowser([{ url: `${ORIGIN}/form`, method, form: { a: '1' } }], (request) =>
      request.target === '/form' ? { status, reason: 'Redirect', headers: [['Location', `${ORIGIN}/done`]] } : request.target === '/done' ? html('ok') : notFound,
    );
    const next = run.exchanges[1]!.request;
    expect(next.method).toBe(nextMethod);
    expect(next.body).toBe(body);
    expect(headersOf(next).has('Content-Type')).toBe(nextMethod === 'POST');
    expect(headersOf(next).has('Origin')).toBe(nextMethod === 'POST');
  });

  it('303 turns a PUT into a GET; 307 keeps a PUT', () => {
    const redirecting = (status: number) => (request: HttpRequestPayload): Answer => (request.target === '/x' ? { status, headers: [['Location', '/y']] } : { status: 200, body: '' });
    expect(runBrowser([{ url: `${ORIGIN}/x`, method: 'PUT', json: '1' }], redirecting(303)).exchanges[1]!.request.method).toBe('GET');
    expect(runBrowser([{ url: `${ORIGIN}/x`, method: 'PUT', json: '1' }], redirecting(307)).exchanges[1]!.request.method).toBe('PUT');
  });

  it('gives up after 20 redirects with ERR_TOO_MANY_REDIRECTS', () => {
    const run = runBrowser([{ url: `${ORIGIN}/r0` }], (request) => ({ status: 302, reason: 'Found', headers: [['Location', `/r${Number(request.target.slice(2)) + 1}`]] }));
    expect(run.exchanges).toHaveLength(21);
    expect(run.browser.page).toMatchObject({ kind: 'error', code: 'ERR_TOO_MANY_REDIRECTS' });
  });
});

describe('browser: cookies', () => {
  it('keeps Set-Cookie from a redirect and sends Cookie on later requests, longest path first', () => {
    const run = runBrowser([{ url: `${ORIGIN}/login`, method: 'POST', form: { user: 'x' } }, { url: `${ORIGIN}/app/page`, atMs: 1000 }], (request) => {
      if (request.target === '/login') return { status: 302, headers: [['Location', '/app/page'], ['Set-Cookie', 'session=abc; HttpOnly; Path=/'], ['Set-Cookie', 'deep=1; Path=/app']] };
      return request.target === '/favicon.ico' ? notFound : html('<p>in</p>');
    });
    const cookies = run.exchanges.map((exchange) => headersOf(exchange.request).get('Cookie'));
    expect(paths(run.exchanges)).toEqual(['POST /login', 'GET /app/page', 'GET /favicon.ico', 'GET /app/page']);
    expect(cookies).toEqual([undefined, 'deep=1; session=abc', 'session=abc', 'deep=1; session=abc']);
    // Cookie is the last header but for validators, as Chromium writes it.
    expect(run.exchanges[1]!.request.headers.at(-1)![0]).toBe('Cookie');
    expect(run.browser.page.kind === 'loaded' && run.browser.page.cookies.map((cookie) => cookie.name)).toEqual(['session', 'deep']);
  });

  it('does not store a Secure cookie from http://, and forgets a cookie when Max-Age runs out', () => {
    const run = runBrowser(
      [{ url: `${ORIGIN}/a`, atMs: 0 }, { url: `${ORIGIN}/b`, atMs: 1000 }, { url: `${ORIGIN}/c`, atMs: 3000 }],
      (request) => (request.target === '/a' ? { status: 200, headers: [['Set-Cookie', 's=1; Secure'], ['Set-Cookie', 'short=1; Max-Age=2']], body: '' } : { status: 200, body: '' }),
    );
    const cookieOf = (target: string) => headersOf(run.exchanges.find((exchange) => exchange.request.target === target)!.request).get('Cookie');
    expect(cookieOf('/b')).toBe('short=1');
    expect(cookieOf('/c')).toBeUndefined();
    expect(run.notes).toContain('Cookie ignored: a Secure cookie cannot be set over http://');
    // RFC 6265 section 5.3: the expired cookie has left the jar the tab lists, too.
    expect(run.browser.page).toMatchObject({ kind: 'loaded', cookies: [] });
  });
});

describe('browser: HTTP cache', () => {
  const date = (ms: number) => httpDate(ms);

  it('answers a second visit from the cache while fresh (max-age), then revalidates with If-None-Match and shows the cache on 304', () => {
    const run = runBrowser(
      [{ url: `${ORIGIN}/s.html`, atMs: 0 }, { url: `${ORIGIN}/s.html`, atMs: 30_000 }, { url: `${ORIGIN}/s.html`, atMs: 90_000 }],
      (request) => {
        if (request.target === '/favicon.ico') return notFound;
        if (headersOf(request).get('If-None-Match') === '"v1"') return { status: 304, reason: 'Not Modified', headers: [['Date', date(90_000)], ['ETag', '"v1"'], ['Cache-Control', 'max-age=60']] };
        return { status: 200, headers: [['Date', date(0)], ['Content-Type', 'text/html'], ['ETag', '"v1"'], ['Cache-Control', 'max-age=60']], body: '<title>S</title><p>stored</p>' };
      },
    );
    expect(paths(run.exchanges)).toEqual(['GET /s.html', 'GET /favicon.ico', 'GET /s.html']);
    const revalidation = headersOf(run.exchanges[2]!.request);
    expect(revalidation.get('If-None-Match')).toBe('"v1"');
    expect(run.browser.page).toMatchObject({ kind: 'loaded', status: 200, source: 'revalidated', title: 'S', text: 'stored', requests: [{ status: 304, source: 'revalidated' }] });
    expect(run.browser.cacheHits).toBe(1);
    expect(run.browser.revalidations).toBe(1);
  });

  it('forgets a stored copy when a POST to its URL is answered, even by a 303 (RFC 9111 section 4.4)', () => {
    const run = runBrowser(
      [{ url: `${ORIGIN}/p`, atMs: 0 }, { url: `${ORIGIN}/p`, method: 'POST', form: { a: '1' }, atMs: 1000 }, { url: `${ORIGIN}/p`, atMs: 2000 }],
      (request) => {
        if (request.target === '/favicon.ico') return notFound;
        if (request.method === 'POST') return { status: 303, reason: 'See Other', headers: [['Location', '/done']], body: '' };
        return { status: 200, headers: [['Date', date(0)], ['Cache-Control', 'max-age=600']], body: request.target };
      },
    );
    // Without the POST, the third visit would be answered from the cache, fresh for 600 s.
    expect(paths(run.exchanges)).toEqual(['GET /p', 'GET /favicon.ico', 'POST /p', 'GET /done', 'GET /p']);
  });

  it('revalidates even a fresh copy when a form submission leads to it: Chromium sends Cache-Control: max-age=0', () => {
    const run = runBrowser(
      [{ url: `${ORIGIN}/f`, atMs: 0 }, { url: `${ORIGIN}/submit`, method: 'POST', form: { a: '1' }, atMs: 1000 }],
      (request) => {
        if (request.target === '/favicon.ico') return notFound;
        if (request.method === 'POST') return { status: 303, reason: 'See Other', headers: [['Location', '/f']], body: '' };
        if (headersOf(request).get('If-None-Match') === '"v1"') return { status: 304, reason: 'Not Modified', headers: [['ETag', '"v1"']] };
        return { status: 200, headers: [['Date', date(0)], ['ETag', '"v1"'], ['Cache-Control', 'max-age=600']], body: 'f' };
      },
    );
    const followed = run.exchanges.filter((exchange) => exchange.request.target === '/f')[1]!;
    expect(headersOf(followed.request).get('Cache-Control')).toBe('max-age=0');
    expect(headersOf(followed.request).get('If-None-Match')).toBe('"v1"');
    expect(run.browser.page).toMatchObject({ source: 'revalidated', body: 'f' });
  });

  it('revalidates a no-cache response every time, with If-Modified-Since from Last-Modified', () => {
    const lastModified = date(-3_600_000);
    const run = runBrowser([{ url: `${ORIGIN}/f.css`, method: 'GET', atMs: 0 }, { url: `${ORIGIN}/f.css`, atMs: 10 }], (request) =>
      headersOf(request).has('If-Modified-Since')
        ? { status: 304, reason: 'Not Modified', headers: [] }
        : request.target === '/favicon.ico' ? notFound : { status: 200, headers: [['Date', date(0)], ['Last-Modified', lastModified], ['Cache-Control', 'no-cache']], body: 'css' },
    );
    const second = run.exchanges.filter((exchange) => exchange.request.target === '/f.css')[1]!;
    expect(headersOf(second.request).get('If-Modified-Since')).toBe(lastModified);
    expect(run.browser.page).toMatchObject({ source: 'revalidated', body: 'css' });
  });

  it('gives heuristic freshness of 10% of Date minus Last-Modified', () => {
    // Modified 10 000 s before the response: fresh for 1 000 s.
    const answer = (request: HttpRequestPayload): Answer => (request.target === '/favicon.ico' ? notFound : { status: 200, headers: [['Date', date(0)], ['Last-Modified', date(-10_000_000)]], body: 'h' });
    const within = runBrowser([{ url: `${ORIGIN}/h`, atMs: 0 }, { url: `${ORIGIN}/h`, atMs: 990_000 }], answer);
    expect(within.exchanges.filter((exchange) => exchange.request.target === '/h')).toHaveLength(1);
    const after = runBrowser([{ url: `${ORIGIN}/h`, atMs: 0 }, { url: `${ORIGIN}/h`, atMs: 1_010_000 }], answer);
    const requests = after.exchanges.filter((exchange) => exchange.request.target === '/h');
    expect(requests).toHaveLength(2);
    expect(headersOf(requests[1]!.request).has('If-Modified-Since')).toBe(true);
  });

  it('never stores no-store, and honours Expires', () => {
    const noStore = runBrowser([{ url: `${ORIGIN}/n`, atMs: 0 }, { url: `${ORIGIN}/n`, atMs: 10 }], () => ({ status: 200, headers: [['Cache-Control', 'no-store'], ['ETag', '"e"']], body: 'n' }));
    const second = noStore.exchanges.filter((exchange) => exchange.request.target === '/n')[1]!;
    expect(headersOf(second.request).has('If-None-Match')).toBe(false);
    const expires = runBrowser([{ url: `${ORIGIN}/e`, atMs: 0 }, { url: `${ORIGIN}/e`, atMs: 5_000 }], () => ({ status: 200, headers: [['Date', date(0)], ['Expires', date(10_000)]], body: 'e' }));
    expect(expires.exchanges.filter((exchange) => exchange.request.target === '/e')).toHaveLength(1);
  });
});

describe('browser: connections', () => {
  it('honours Connection: close: closes its side and opens a new connection for the next request', () => {
    const run = runBrowser([{ url: `${ORIGIN}/` }], (request) => (request.target === '/' ? { ...html('<p>x</p>'), headers: [['Connection', 'close']] } : notFound));
    expect(paths(run.exchanges)).toEqual(['GET /', 'GET /favicon.ico']);
    expect(run.exchanges[1]!.connection).not.toBe(run.exchanges[0]!.connection);
    const browserFins = run.sent.filter((entry) => entry.from === 'browser' && entry.packet.transport?.transport === 'tcp' && entry.packet.transport.flags.includes('FIN'));
    expect(browserFins).toHaveLength(1);
  });

  it('closes its side when the server sends FIN, leaving no half-open connection', () => {
    const run = runBrowser([{ url: `${ORIGIN}/` }], (request) => ({ ...(request.target === '/' ? html('<p>x</p>') : notFound), close: true }));
    // Without a Connection: close header the browser reuses the connection for the favicon at
    // once; the FIN that follows the response then closes it under that request, which goes
    // again on a new connection (Chromium retries a request lost on a reused socket).
    expect(paths(run.exchanges)).toEqual(['GET /', 'GET /favicon.ico', 'GET /favicon.ico']);
    expect(run.exchanges[2]!.connection).not.toBe(run.exchanges[0]!.connection);
    expect([...run.browser.tcp.conns.values()].filter((conn) => conn.state !== 'TIME_WAIT')).toEqual([]);
    expect(run.browser.conns.size).toBe(0);
  });

  it('sends a request again on a new connection when a reused one closes before answering', () => {
    const run = runBrowser([{ url: `${ORIGIN}/`, atMs: 0 }, { url: `${ORIGIN}/`, atMs: 1000 }], (request, index) => (index === 2 ? { status: 0, closeWithoutAnswer: true } : request.target === '/' ? html('<p>x</p>') : notFound));
    expect(paths(run.exchanges)).toEqual(['GET /', 'GET /favicon.ico', 'GET /', 'GET /']);
    expect(run.exchanges[3]!.connection).not.toBe(run.exchanges[2]!.connection);
    expect(run.browser.page).toMatchObject({ kind: 'loaded', status: 200 });
  });

  it('shows ERR_EMPTY_RESPONSE when a fresh connection closes without an answer', () => {
    const run = runBrowser([{ url: `${ORIGIN}/` }], () => ({ status: 0, closeWithoutAnswer: true }));
    expect(run.browser.page).toMatchObject({ kind: 'error', code: 'ERR_EMPTY_RESPONSE' });
  });

  it('is deterministic: the same visits give the same exchanges', () => {
    const visits = [{ url: `${ORIGIN}/`, atMs: 0 }, { url: `${ORIGIN}/`, atMs: 2 }, { url: `${ORIGIN}/x`, atMs: 3 }];
    const answer = (request: HttpRequestPayload): Answer => (request.target === '/' ? html('<link rel=stylesheet href=s.css>') : notFound);
    const one = runBrowser(visits, answer);
    const two = runBrowser(visits, answer);
    expect(two.exchanges).toEqual(one.exchanges);
    expect(two.notes).toEqual(one.notes);
  });
});

/**
 * nginx serving files from root, against nginx-responses.json: the 200 for /static/main.css
 * (Content-Type, Content-Length, Last-Modified, Connection, ETag, Accept-Ranges, in that
 * order) and the 404 page for a missing file, byte for byte but for Date.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type TraceEvent } from '../../index.ts';
import { example, exampleJson, mustImport, withConfig } from '../../test-support/documents.node.ts';
import { readReference } from '../../test-support/reference.node.ts';
import { nginxEtag, serveStatic } from './static-files.ts';
import { locationSchema, nginxConfigSchema } from './config.ts';

interface RecordedCase {
  readonly status_line: string;
  readonly headers: [string, string][];
  readonly body_snippet: string;
}
interface HttpLayer {
  readonly status: number;
  readonly reason: string;
  readonly headers: [string, string][];
  readonly body: string;
}

const cases = readReference<{ cases: Record<string, RecordedCase> }>('nginx-responses.json').cases;
const withoutDate = (headers: [string, string][]) => headers.filter(([name]) => name !== 'Date');

function responses(doc = example('nginx-static-and-proxy')): { events: TraceEvent[]; byTarget: Map<string, HttpLayer> } {
  const events: TraceEvent[] = [];
  simulate(doc, { onEvent: (event) => events.push(event) });
  const requests = events.filter((e) => e.type === 'send' && e.from === 'browser' && e.protocol === 'http').map((e) => e.summary);
  const answers = events.filter((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'browser' && e.protocol === 'http');
  const byTarget = new Map<string, HttpLayer>();
  answers.forEach((answer, index) => byTarget.set(requests[index]!.split(' ')[1]!, answer.message!.layers.find((layer) => layer.layer === 'http') as unknown as HttpLayer));
  return { events, byTarget };
}

describe('nginx-static-and-proxy', () => {
  const { events, byTarget } = responses();

  it('answers /static/main.css from disk exactly as recorded', () => {
    const recorded = cases['200_static_hit']!;
    const css = byTarget.get('/static/main.css')!;
    expect(`HTTP/1.1 ${css.status} ${css.reason}`).toBe(recorded.status_line);
    expect(withoutDate(css.headers)).toEqual(withoutDate(recorded.headers));
    expect(css.body).toBe(recorded.body_snippet);
  });

  it('answers the missing favicon with the recorded 404 page and an error-log line', () => {
    const recorded = cases['404_missing_static']!;
    const icon = byTarget.get('/static/favicon.ico')!;
    expect(`HTTP/1.1 ${icon.status} ${icon.reason}`).toBe(recorded.status_line);
    expect(withoutDate(icon.headers)).toEqual(withoutDate(recorded.headers));
    expect(icon.body).toBe(recorded.body_snippet);
    const log = events.find((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('error.log'))!;
    expect(log.summary).toMatch(/^error\.log: \[error\] open\(\) "\/srv\/app\/static\/favicon\.ico" failed \(2: No such file or directory\), client: 10\.0\.0\.10, /);
  });

  it('proxies the page itself, and never asks the application for the files', () => {
    expect(byTarget.get('/')!.status).toBe(200);
    const upstream = events.filter((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'app1' && e.protocol === 'http').map((e) => e.summary);
    expect(upstream).toEqual(['GET / HTTP/1.0']);
  });

  it('writes the ETag as the mtime and size in hex', () => {
    expect(nginxEtag({ path: '/x', body: cases['200_static_hit']!.body_snippet, lastModified: 'Mon, 23 Nov 2026 20:00:25 GMT' })).toBe('"6b049b59-2f"');
  });
});

describe('nginx files: index, directories, try_files, conditional requests', () => {
  const site = (locations: unknown[], visits: string[], headers: Record<string, string> = {}) => {
    const doc = withConfig(exampleJson('nginx-static-and-proxy'), 'nginx', {
      servers: [{ listen: 80, server_name: 'example.com', root: '/var/www', locations }],
      files: [
        { path: '/var/www/index.html', body: '<h1>Home</h1>\n' },
        { path: '/var/www/docs/index.html', body: '<h1>Docs</h1>\n' },
        { path: '/var/www/app.html', body: '<div id="app"></div>\n' },
      ],
    });
    withConfig(doc, 'browser', { visits: visits.map((url, index) => ({ url: `http://example.com${url}`, atMs: index * 500, ...(Object.keys(headers).length ? { headers } : {}) })) });
    return responses(mustImport(doc)).byTarget;
  };

  it('serves index.html for a path ending in /, and redirects a directory without its slash', () => {
    const answers = site([{ path: '/' }], ['/', '/docs']);
    expect(answers.get('/')).toMatchObject({ status: 200, body: '<h1>Home</h1>\n' });
    expect(answers.get('/docs')!.status).toBe(301);
    expect(answers.get('/docs')!.headers).toContainEqual(['Location', 'http://example.com/docs/']);
  });

  it('try_files falls back to its last entry: a status, or a URI handled again', () => {
    expect(site([{ path: '/', try_files: ['$uri', '=404'] }], ['/nothing']).get('/nothing')!.status).toBe(404);
    const spa = site([{ path: '/', try_files: ['$uri', '$uri/', '/app.html'] }], ['/users/7', '/docs/']);
    expect(spa.get('/users/7')).toMatchObject({ status: 200, body: '<div id="app"></div>\n' });
    expect(spa.get('/docs/')).toMatchObject({ status: 200, body: '<h1>Docs</h1>\n' });
  });

  it('stops an internal redirect loop with 500, as nginx does after 10', () => {
    expect(site([{ path: '/', try_files: ['$uri', '/loop'] }], ['/loop']).get('/loop')!.status).toBe(500);
  });
});

describe('nginx files: a conditional request', () => {
  const config = nginxConfigSchema.parse({ files: [{ path: '/usr/share/nginx/html/main.css', body: cases['200_static_hit']!.body_snippet }] });
  const server = config.servers[0]!;
  const location = locationSchema.parse({ path: '/' });
  const ask = (headers: [string, string][]) => {
    const request = { protocol: 'http', kind: 'request', method: 'GET', target: '/main.css', version: 'HTTP/1.1', headers: [['Host', 'example.com'], ...headers], body: '' } as const;
    return serveStatic(config, location, '/main.css', { request, server, scheme: 'http', remoteAddr: '10.0.0.10', serverPort: 80 });
  };

  it('answers the current ETag in If-None-Match, or the file date in If-Modified-Since, with 304 and no body', () => {
    for (const header of [['If-None-Match', '"6b049b59-2f"'], ['If-Modified-Since', 'Mon, 23 Nov 2026 20:00:25 GMT']] as [string, string][]) {
      const outcome = ask([header]);
      expect(outcome).toMatchObject({ kind: 'file', reply: { status: 304, body: '', contentLength: undefined, lastModified: ['Last-Modified', 'Mon, 23 Nov 2026 20:00:25 GMT'], passed: [['ETag', '"6b049b59-2f"']] } });
    }
  });

  it('sends the file again for another ETag', () => {
    expect(ask([['If-None-Match', '"0-0"']])).toMatchObject({ kind: 'file', reply: { status: 200 } });
  });
});

describe('nginx files: methods and directories (ngx_http_static_handler, ngx_http_index_module, the content phase)', () => {
  const config = nginxConfigSchema.parse({
    files: [
      { path: '/usr/share/nginx/html/main.css', body: 'body {}\n' },
      { path: '/usr/share/nginx/html/empty/.keep', body: '' },
    ],
  });
  const server = config.servers[0]!;
  const location = locationSchema.parse({ path: '/' });
  const ask = (method: string, uri: string) => {
    const request = { protocol: 'http', kind: 'request', method, target: uri, version: 'HTTP/1.1', headers: [['Host', 'example.com']], body: '' } as const;
    return serveStatic(config, location, uri, { request, server, scheme: 'http', remoteAddr: '10.0.0.10', serverPort: 80 });
  };

  it('answers 405 to a method that does not read files, and to a POST once the file is found', () => {
    expect(ask('PUT', '/main.css')).toEqual({ kind: 'page', status: 405 });
    expect(ask('DELETE', '/missing.css')).toEqual({ kind: 'page', status: 405 });
    expect(ask('POST', '/main.css')).toEqual({ kind: 'page', status: 405 });
    // ngx_http_static_handler looks for the file before it refuses a POST.
    expect(ask('POST', '/missing.css')).toMatchObject({ kind: 'page', status: 404 });
    expect(ask('HEAD', '/main.css')).toMatchObject({ kind: 'file', reply: { status: 200, body: '' } });
  });

  it('forbids a directory with no index file, and says a missing directory is not found', () => {
    expect(ask('GET', '/empty/')).toEqual({ kind: 'page', status: 403, errorLog: '[error] directory index of "/usr/share/nginx/html/empty/" is forbidden' });
    expect(ask('GET', '/')).toEqual({ kind: 'page', status: 403, errorLog: '[error] directory index of "/usr/share/nginx/html/" is forbidden' });
    expect(ask('GET', '/nothing/')).toEqual({ kind: 'page', status: 404, errorLog: '[error] "/usr/share/nginx/html/nothing/index.html" is not found (2: No such file or directory)' });
  });

  it('writes its 405 page as nginx does: "405 Not Allowed"', () => {
    const doc = withConfig(exampleJson('nginx-static-and-proxy'), 'browser', { visits: [{ url: 'http://example.com/static/main.css', method: 'POST', form: { a: '1' }, atMs: 0 }] });
    const answer = responses(mustImport(doc)).byTarget.get('/static/main.css')!;
    expect(`${answer.status} ${answer.reason}`).toBe('405 Not Allowed');
    expect(answer.body).toContain('<head><title>405 Not Allowed</title></head>');
  });
});

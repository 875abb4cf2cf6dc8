import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, diagnose, runToEnd, simulate, type TraceEvent } from '../../index.ts';
import type { HttpRequestLayer, HttpResponseLayer } from '../../model/message.ts';
import { example, exampleJson, mustImport, withConfig, type RawDocument } from '../../test-support/documents.node.ts';
import { locationSchema, serverBlockSchema } from './config.ts';
import { matchLocation } from './behaviour.ts';
import { expandVariables, redirectOf, unknownVariables, type RequestVariables } from './variables.ts';

const server = serverBlockSchema.parse({ server_name: 'example.com' });
const vars = (target: string, headers: [string, string][] = []): RequestVariables => ({
  request: { protocol: 'http', kind: 'request', method: 'GET', target, version: 'HTTP/1.1', headers, body: '' },
  server,
  scheme: 'http',
  remoteAddr: '10.0.0.10',
  serverPort: 80,
});

describe('nginx variables', () => {
  it('expand as ngx_http_variables.c defines them', () => {
    const request = vars('/a/b?x=1', [['Host', 'Example.COM:8080'], ['Upgrade', 'websocket']]);
    expect(expandVariables('https://$host$request_uri', request)).toBe('https://example.com/a/b?x=1');
    expect(expandVariables('$scheme://${server_name}$uri?$args', request)).toBe('http://example.com/a/b?x=1');
    expect(expandVariables('$http_upgrade', request)).toBe('websocket');
    expect(expandVariables('$http_x_missing', request)).toBe('');
    expect(expandVariables('"upgrade"', request)).toBe('upgrade');
    expect(expandVariables('$proxy_add_x_forwarded_for', vars('/', [['X-Forwarded-For', '1.2.3.4']]))).toBe('1.2.3.4, 10.0.0.10');
    // Without a Host header, $host is the server_name.
    expect(expandVariables('$host', vars('/'))).toBe('example.com');
  });

  it('leave a variable nginx does not know as written, and name it for the checks', () => {
    expect(expandVariables('$nonsense/x', vars('/'))).toBe('$nonsense/x');
    expect(unknownVariables('https://$host$nonsense${also_not}')).toEqual(['nonsense', 'also_not']);
    expect(unknownVariables('$http_upgrade $remote_addr')).toEqual([]);
  });

  it('read a return directive as its code and expanded URL', () => {
    expect(redirectOf('301 https://$host$request_uri', vars('/p?q=1', [['Host', 'example.com']]))).toEqual({ status: 301, url: 'https://example.com/p?q=1' });
  });
});

function nginxConfig(doc: RawDocument): Record<string, unknown> {
  return doc.nodes.find((node) => node['id'] === 'nginx')!['config'] as Record<string, unknown>;
}

function run(doc: RawDocument): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(mustImport(doc), { onEvent: (event) => events.push(event) });
  return events;
}

describe('nginx server blocks', () => {
  it('answers a ClientHello on a port without ssl with a plain 400; the browser shows ERR_SSL_PROTOCOL_ERROR', () => {
    const doc = exampleJson('https-tls13');
    const servers = nginxConfig(doc)['servers'] as Record<string, unknown>[];
    withConfig(doc, 'nginx', { servers: [{ ...servers[0], ssl: false }] });
    const events = run(doc);
    const answer = events.find((event) => event.type === 'send' && event.from === 'nginx' && event.protocol === 'http')!;
    expect(answer.summary).toBe('HTTP/1.1 400 Bad Request');
    expect((answer.message!.layers.at(-1) as HttpResponseLayer).raw).toMatch(/\r\nConnection: close\r\n/);
    const page = browserPage(runToEnd(createPlayback(mustImport(doc))), 'browser');
    expect(page).toMatchObject({ kind: 'error', code: 'ERR_SSL_PROTOCOL_ERROR' });
    // The check before the run said so.
    expect(diagnose(mustImport(doc)).map((problem) => problem.message)).toContainEqual(expect.stringContaining('does not speak TLS on port 443'));
  });

  it('answers plain HTTP on an ssl port with nginx\'s 400 "The plain HTTP request was sent to HTTPS port", and closes', () => {
    const doc = exampleJson('https-tls13');
    withConfig(doc, 'browser', { visits: [{ url: 'http://example.com:443/', atMs: 0 }] });
    const events = run(doc);
    const answer = events.find((event) => event.type === 'send' && event.from === 'nginx' && event.protocol === 'http')!;
    const raw = (answer.message!.layers.at(-1) as HttpResponseLayer).raw;
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain('<center>The plain HTTP request was sent to HTTPS port</center>');
    expect(raw).toMatch(/\r\nConnection: close\r\n/);
    expect(events.some((event) => event.from === 'nginx' && event.to === 'app1')).toBe(false);
  });

  it('picks the block by port, then by server_name against Host, else the port\'s first block', () => {
    const doc = exampleJson('default');
    const location = (name: string) => ({ path: '/', return: `302 http://${name}.example/` });
    withConfig(doc, 'nginx', {
      servers: [
        { listen: 80, server_name: 'first.example', locations: [location('first')] },
        { listen: 80, server_name: 'example.com', locations: [location('named')] },
      ],
    });
    withConfig(doc, 'browser', { visits: [{ url: 'http://example.com/', atMs: 0 }] });
    const locationOf = (events: TraceEvent[]) =>
      (events.find((event) => event.from === 'nginx' && event.summary.startsWith('HTTP/1.1 302'))!.message!.layers.at(-1) as HttpResponseLayer).headers.find(([name]) => name === 'Location')?.[1];
    expect(locationOf(run(doc))).toBe('http://named.example/');
    const servers = nginxConfig(doc)['servers'] as Record<string, unknown>[];
    withConfig(doc, 'nginx', { servers: [servers[0], { ...servers[1], server_name: 'other.example' }] });
    expect(locationOf(run(doc))).toBe('http://first.example/');
  });

  it('sends proxy_set_header lines first, then the defaults they did not replace, in proxy_http_version', () => {
    const doc = exampleJson('default');
    const servers = nginxConfig(doc)['servers'] as Record<string, unknown>[];
    const proxied = { path: '/', proxy_pass: 'http://app', proxy_http_version: '1.1', proxy_set_header: [{ name: 'X-Real-IP', value: '$remote_addr' }, { name: 'Connection', value: '""' }, { name: 'X-Empty', value: '$http_x_none' }] };
    withConfig(doc, 'nginx', { servers: [{ ...servers[0], locations: [proxied] }] });
    const upstream = run(doc).find((event) => event.type === 'send' && event.from === 'nginx' && event.to === 'app1' && event.protocol === 'http')!;
    const http = upstream.message!.layers.at(-1) as HttpRequestLayer;
    expect(http.raw.split('\r\n')[0]).toBe('GET / HTTP/1.1');
    // An empty value sends no line at all; Connection "" removes nginx's default Connection: close.
    expect(http.headers.slice(0, 2)).toEqual([['X-Real-IP', '10.0.0.10'], ['Host', 'app']]);
    expect(http.headers.some(([name]) => name === 'Connection' || name === 'X-Empty')).toBe(false);
  });

  it('warns of a variable it does not know, at the field', () => {
    const doc = exampleJson('default');
    const servers = nginxConfig(doc)['servers'] as Record<string, unknown>[];
    withConfig(doc, 'nginx', { servers: [...servers, { listen: 8080, locations: [{ path: '/', return: '301 https://$hots$request_uri' }] }] });
    expect(diagnose(mustImport(doc)).filter((problem) => problem.nodeId === 'nginx')).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'servers[1].locations[0].return', message: 'nginx does not know the variable $hots: it would be sent literally.' }),
    ]);
  });

  it('refuses a location with both proxy_pass and return, naming the field', () => {
    const doc = exampleJson('default');
    withConfig(doc, 'nginx', { servers: [{ listen: 80, locations: [{ path: '/', proxy_pass: 'http://app', return: '301 https://$host$request_uri' }] }] });
    expect(() => mustImport(doc)).toThrow(/servers\[0\]\.locations\[0\]\.proxy_pass.*not both/);
  });

  it('takes a location with neither as one that serves files, and refuses a try_files without a fallback', () => {
    const doc = exampleJson('default');
    withConfig(doc, 'nginx', { servers: [{ listen: 80, locations: [{ path: '/' }] }] });
    expect(() => mustImport(doc)).not.toThrow();
    withConfig(doc, 'nginx', { servers: [{ listen: 80, locations: [{ path: '/', try_files: ['$uri', '$uri/'] }] }] });
    expect(() => mustImport(doc)).toThrow(/servers\[0\]\.locations\[0\]\.try_files\[1\].*fallback/);
  });
});

describe('nginx: a location in front of a WebSocket server', () => {
  it('warns when it does not pass the Upgrade header on, and not when it does', () => {
    expect(diagnose(example('websocket-proxy-missing-upgrade')).filter((diagnostic) => diagnostic.nodeId === 'nginx')).toEqual([
      {
        severity: 'warning',
        nodeId: 'nginx',
        path: 'servers[0].locations[0].proxy_pass',
        message: 'nginx does not pass the Upgrade header on to Chat server, a WebSocket server: the handshake reaches it as a plain HTTP/1.0 GET, and it answers 400.',
        fix: 'Add proxy_http_version 1.1, proxy_set_header Upgrade $http_upgrade and proxy_set_header Connection "upgrade" to this location.',
      },
    ]);
    expect(diagnose(example('websocket-chat'))).toEqual([]);
  });
});

describe('nginx: which location takes a request (ngx_http_core_find_location)', () => {
  const location = (modifier: 'none' | '=' | '^~', path: string) => locationSchema.parse({ modifier, path, proxy_pass: `http://${path.replace(/\W/g, '') || 'root'}` });
  const locations = [location('none', '/'), location('none', '/images/'), location('^~', '/static/'), location('=', '/'), location('=', '/login')];
  const pick = (path: string) => matchLocation({ locations }, path)?.proxy_pass;

  it('an exact (=) location wins for its path alone', () => {
    expect(pick('/')).toBe(locations[3]!.proxy_pass);
    expect(pick('/login')).toBe(locations[4]!.proxy_pass);
    expect(pick('/login/again')).toBe(locations[0]!.proxy_pass);
  });

  it('otherwise the longest matching prefix wins, plain or ^~', () => {
    expect(pick('/images/cat.png')).toBe(locations[1]!.proxy_pass);
    expect(pick('/static/main.css')).toBe(locations[2]!.proxy_pass);
    expect(pick('/about')).toBe(locations[0]!.proxy_pass);
  });

  it('matches none when no prefix fits', () => {
    expect(matchLocation({ locations: [location('none', '/api/')] }, '/')).toBeUndefined();
  });
});

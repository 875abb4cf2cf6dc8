/**
 * public/topologies/page-with-assets.json against ../shared/reference/chromium-page-load.json:
 * Chromium asks for index.html, then the main.css it links, then /favicon.ico (404), all three
 * on one keep-alive connection, in that order, with the headers it recorded. If the trace
 * changes on purpose, regenerate the golden file with
 *   npm run -s simulate -- public/topologies/page-with-assets.json > src/simulation/__golden__/page-with-assets.trace.jsonl
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, runToEnd, seekTo, simulate, traceEventToJson } from './index.ts';
import { example } from './test-support/documents.node.ts';
import { readReference } from './test-support/reference.node.ts';

interface JsonEvent {
  seq: number;
  t: number;
  type: string;
  protocol?: string;
  from: string;
  to: string;
  summary: string;
  message?: { layers: Record<string, unknown>[] };
}

function events(): JsonEvent[] {
  const lines: JsonEvent[] = [];
  simulate(example('page-with-assets'), { onEvent: (event) => lines.push(JSON.parse(traceEventToJson(event)) as JsonEvent) });
  return lines;
}

const layer = (event: JsonEvent, name: string) => event.message!.layers.find((entry) => entry['layer'] === name)!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- read as recorded, checked field by field below
const recording = readReference<any>('chromium-page-load.json');
const run = recording.runs.http;
const recordedHeaders = (url: string): [string, string][] => run.har_summary.entries.find((entry: { url: string }) => entry.url === url).request_headers;
// The recording talked to 127.0.0.1:18080; the example to example.com.
const localise = (value: string) => value.replace('127.0.0.1:18080', 'example.com');

describe('page-with-assets.json', () => {
  it('produces the golden trace, line for line', () => {
    const golden = readFileSync(join(process.cwd(), 'src/simulation/__golden__/page-with-assets.trace.jsonl'), 'utf8').trimEnd().split('\n');
    const lines: string[] = [];
    simulate(example('page-with-assets'), { onEvent: (event) => lines.push(traceEventToJson(event)) });
    expect(lines).toEqual(golden);
  });

  const all = events();
  const requests = all.filter((event) => event.type === 'send' && event.from === 'browser' && event.to === 'nginx' && event.summary.startsWith('GET '));
  const responses = all.filter((event) => event.type === 'deliver' && event.from === 'nginx' && event.to === 'browser' && event.summary.startsWith('HTTP/1.1'));

  it('asks for index.html, main.css and favicon.ico in that order, as nginx logged them', () => {
    expect(requests.map((event) => event.summary)).toEqual(['GET /index.html HTTP/1.1', 'GET /main.css HTTP/1.1', 'GET /favicon.ico HTTP/1.1']);
    const logged = run.nginx_access_log.map((line: string) => /"(GET \S+ HTTP\/1\.1)" (\d+)/.exec(line)!.slice(1, 3).join(' '));
    expect(logged).toEqual(['GET /index.html HTTP/1.1 200', 'GET /main.css HTTP/1.1 200', 'GET /favicon.ico HTTP/1.1 404']);
    expect(responses.map((event) => event.summary.split(' ')[1])).toEqual(['200', '200', '404']);
  });

  it('sends each request only after the previous response arrived (main.css from the parsed page, the favicon after the load)', () => {
    for (let index = 1; index < requests.length; index++) expect(requests[index]!.seq).toBeGreaterThan(responses[index - 1]!.seq);
  });

  it('uses one keep-alive connection for all three (req_on_conn 1, 2, 3): one handshake, one client port', () => {
    const ports = new Set(requests.map((event) => layer(event, 'tcp')['srcPort']));
    expect(ports.size).toBe(1);
    const syns = all.filter((event) => event.type === 'send' && event.from === 'browser' && event.summary.includes('[SYN]'));
    expect(syns).toHaveLength(1);
    expect(run.nginx_access_log.map((line: string) => /conn=(\d+) req_on_conn=(\d+)/.exec(line)!.slice(1, 3).join('/'))).toEqual(['3/1', '3/2', '3/3']);
  });

  it('looks the host up once: the reused connection needs no DNS (dns: -1 in the recording)', () => {
    const lookups = all.filter((event) => event.type === 'send' && event.from === 'browser' && event.protocol === 'dns');
    expect(lookups).toHaveLength(1);
    expect(all.filter((event) => event.type === 'state' && event.summary.startsWith('DNS cache hit'))).toEqual([]);
    for (const entry of run.har_summary.entries) expect(entry.timings.dns).toBe(-1);
  });

  it('sends the document and stylesheet headers Chromium sent, with the recorded values', () => {
    const sorted = (headers: [string, string][]) => [...headers].map(([name, value]) => [name, localise(value)]).sort(([a], [b]) => (a! < b! ? -1 : 1));
    const document = layer(requests[0]!, 'http')['headers'] as [string, string][];
    const stylesheet = layer(requests[1]!, 'http')['headers'] as [string, string][];
    expect(sorted(document)).toEqual(sorted(recordedHeaders('http://127.0.0.1:18080/index.html')));
    expect(sorted(stylesheet)).toEqual(sorted(recordedHeaders('http://127.0.0.1:18080/main.css')));
  });

  it('asks for the favicon as an image, same-origin, with the page as Referer', () => {
    const favicon = new Map(layer(requests[2]!, 'http')['headers'] as [string, string][]);
    expect(favicon.get('Accept')).toBe('image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8');
    expect(favicon.get('Sec-Fetch-Dest')).toBe('image');
    expect(favicon.get('Sec-Fetch-Mode')).toBe('no-cors');
    expect(favicon.get('Sec-Fetch-Site')).toBe('same-origin');
    expect(favicon.get('Referer')).toBe('http://example.com/index.html');
  });

  it('shows the page with its title, text and the three requests', () => {
    const playback = runToEnd(createPlayback(example('page-with-assets')));
    const page = browserPage(playback, 'browser');
    expect(page).toMatchObject({
      kind: 'loaded',
      url: 'http://example.com/index.html',
      status: 200,
      title: 'Reference page',
      text: 'Hello\nA page that links one stylesheet.',
      complete: true,
      requests: [
        { method: 'GET', url: 'http://example.com/index.html', destination: 'document', status: 200, source: 'network', requestOnConnection: 1 },
        { method: 'GET', url: 'http://example.com/main.css', destination: 'style', status: 200, source: 'network', requestOnConnection: 2 },
        { method: 'GET', url: 'http://example.com/favicon.ico', destination: 'favicon', status: 404, source: 'network', requestOnConnection: 3 },
      ],
    });
  });

  it('steps back to the page as it was: loading, then loaded without the favicon yet', () => {
    const end = runToEnd(createPlayback(example('page-with-assets')));
    const cssSent = requests[1]!.seq;
    expect(browserPage(seekTo(end, requests[0]!.seq + 1), 'browser')).toMatchObject({ kind: 'loading', step: 'Waiting for the response' });
    const middle = browserPage(seekTo(end, cssSent + 1), 'browser');
    expect(middle).toMatchObject({ kind: 'loaded', complete: false });
    expect(middle?.kind === 'loaded' && middle.requests.map((request) => request.source)).toEqual(['network', 'pending']);
    expect(browserPage(end, 'browser')).toMatchObject({ kind: 'loaded', complete: true });
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const again = events();
    expect(again).toEqual(all);
  });
});

/**
 * The golden trace of methods-and-redirects.json, and the rules it must show: RFC 9110's
 * methods (HEAD answers with the headers of a GET and no body) and the Fetch standard's
 * redirect rules (301/302 turn a POST into a GET, 303 too; 307/308 keep method and body).
 * Regenerate the golden trace with
 *   npm run -s simulate -- public/topologies/methods-and-redirects.json > src/simulation/__golden__/methods-and-redirects.trace.jsonl
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, runToEnd, simulate, traceEventToJson, type HttpLayer, type TcpLayer, type TraceEvent } from './index.ts';
import { example } from './test-support/documents.node.ts';

function run(): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(example('methods-and-redirects'), { onEvent: (event) => events.push(event) });
  return events;
}

const httpOf = (event: TraceEvent): HttpLayer => event.message!.layers.find((layer): layer is HttpLayer => layer.layer === 'http')!;
const header = (layer: HttpLayer, name: string) => layer.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

describe('methods-and-redirects', () => {
  const events = run();
  const toBrowser = events.filter((e) => e.type === 'send' && e.protocol === 'http' && e.to === 'browser').map(httpOf);
  const fromBrowser = events.filter((e) => e.type === 'send' && e.protocol === 'http' && e.from === 'browser');

  it('produces its golden trace, line for line, and the same trace again for the same seed', () => {
    const golden = readFileSync(join(process.cwd(), 'src/simulation/__golden__/methods-and-redirects.trace.jsonl'), 'utf8').trimEnd().split('\n');
    const lines = events.map(traceEventToJson);
    expect(lines).toEqual(golden);
    expect(run().map(traceEventToJson)).toEqual(lines);
  });

  it('sends each method, and follows each redirect as the Fetch standard says', () => {
    const exchanges = fromBrowser.map((event, index) => {
      const request = httpOf(event);
      const response = toBrowser[index]!;
      return `${request.kind === 'request' ? `${request.method} ${request.target}` : ''} ${JSON.stringify(request.body)} → ${response.kind === 'response' ? response.status : ''}`;
    });
    expect(exchanges).toEqual([
      'GET /old-page "" → 301',
      'GET /page "" → 200',
      'GET /favicon.ico "" → 404',
      'HEAD /page "" → 200',
      'POST /api/items "{\\"name\\": \\"pen\\"}" → 200',
      'PUT /api/items/1 "{\\"name\\": \\"pencil\\"}" → 200',
      'DELETE /api/items/1 "" → 200',
      // 308 keeps the method and the body.
      'POST /v1/items "{\\"name\\": \\"ink\\"}" → 308',
      'POST /api/items "{\\"name\\": \\"ink\\"}" → 200',
      // 302 turns a POST into a GET without a body.
      'POST /subscribe "email=ada%40example.com" → 302',
      'GET /thanks "" → 200',
      // 307 keeps them.
      'POST /maintenance "email=ada%40example.com" → 307',
      'POST /api/items "email=ada%40example.com" → 200',
    ]);
  });

  it('drops Content-Type and Content-Length when a redirect turns a POST into a GET, and keeps them on a 307', () => {
    const thanks = fromBrowser.map(httpOf).find((layer) => layer.kind === 'request' && layer.target === '/thanks')!;
    expect(header(thanks, 'Content-Type')).toBeUndefined();
    expect(header(thanks, 'Content-Length')).toBeUndefined();
    const kept = fromBrowser.map(httpOf).filter((layer) => layer.kind === 'request' && layer.target === '/api/items').at(-1)!;
    expect(header(kept, 'Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(header(kept, 'Content-Length')).toBe('23');
  });

  it('answers HEAD with the GET’s headers, its Content-Length included, and no body', () => {
    const get = toBrowser[1]!;
    const head = toBrowser[3]!;
    expect(head.body).toBe('');
    expect(header(head, 'Content-Length')).toBe(header(get, 'Content-Length'));
    expect(header(head, 'Content-Type')).toBe(header(get, 'Content-Type'));
    expect(head.raw.endsWith('\r\n\r\n')).toBe(true);
  });

  it('gives the method to the view: Flask’s echo shows PUT and DELETE with the JSON they sent', () => {
    const bodies = toBrowser.filter((layer) => header(layer, 'Content-Type') === 'application/json').map((layer) => JSON.parse(layer.body) as { method: string; json?: unknown });
    expect(bodies.map((body) => [body.method, body.json])).toEqual([
      ['POST', { name: 'pen' }],
      ['PUT', { name: 'pencil' }],
      ['DELETE', undefined],
      ['POST', { name: 'ink' }],
      ['POST', undefined],
    ]);
  });

  it('carries every request on one keep-alive connection', () => {
    const ports = new Set(fromBrowser.map((event) => event.message!.layers.find((layer): layer is TcpLayer => layer.layer === 'tcp')!.srcPort));
    expect(ports.size).toBe(1);
    expect(events.filter((e) => e.type === 'send' && e.from === 'browser' && e.summary.includes('[SYN]'))).toHaveLength(1);
  });

  it('ends with the last form’s answer, after its 307, in the tab', () => {
    expect(browserPage(runToEnd(createPlayback(example('methods-and-redirects'))), 'browser')).toMatchObject({ kind: 'loaded', status: 200, via: 'form', url: 'http://example.com/api/items' });
  });
});

/**
 * nginx's proxied responses in whole runs of the examples: each one is the upstream response
 * it was caused by, passed on by nginx's rules (response-headers.ts).
 */
import { describe, expect, it } from 'vitest';
import { simulate, type HttpLayer, type HttpResponseLayer, type TraceEvent } from '../../index.ts';
import { example } from '../../test-support/documents.node.ts';

function run(name: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(example(name), { onEvent: (event) => events.push(event) });
  return events;
}

function httpOf(event: TraceEvent): HttpLayer | undefined {
  return event.message?.layers.find((layer): layer is HttpLayer => layer.layer === 'http');
}

/** Each response nginx sent the browser, with the upstream response whose arrival caused it. */
function proxiedPairs(events: TraceEvent[]): { upstream: HttpResponseLayer; client: HttpResponseLayer }[] {
  const pairs: { upstream: HttpResponseLayer; client: HttpResponseLayer }[] = [];
  for (const event of events) {
    if (event.type !== 'send' || event.from !== 'nginx' || event.to !== 'browser') continue;
    const client = httpOf(event);
    const cause = event.cause === undefined || event.cause === null ? undefined : events[event.cause];
    const upstream = cause && cause.type === 'deliver' && cause.to === 'nginx' ? httpOf(cause) : undefined;
    if (client?.kind === 'response' && upstream?.kind === 'response') pairs.push({ upstream, client });
  }
  return pairs;
}

const header = (layer: HttpLayer, name: string) => layer.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

describe('nginx passes upstream responses on', () => {
  it('conditional-get-304: the 304 keeps Werkzeug\'s NOT MODIFIED, has no Content-Length and no body, byte for byte', () => {
    const events = run('conditional-get-304');
    const pair = proxiedPairs(events).find(({ client }) => client.status === 304)!;
    expect(pair.upstream.raw).toMatch(/^HTTP\/1\.0 304 NOT MODIFIED\r\n/);
    expect(pair.client.raw).toBe(
      'HTTP/1.1 304 NOT MODIFIED\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 20:15:28 GMT\r\nConnection: keep-alive\r\nContent-Disposition: inline; filename=main.css\r\nCache-Control: no-cache\r\nETag: "1795464025.0-47-1858930941"\r\n\r\n',
    );
  });

  for (const name of ['default', 'conditional-get-304', 'login-session']) {
    it(`${name}: status line text, Content-Length and the passed headers come from the upstream response`, () => {
      const pairs = proxiedPairs(run(name));
      expect(pairs.length).toBeGreaterThan(1);
      for (const { upstream, client } of pairs) {
        expect([client.status, client.reason]).toEqual([upstream.status, upstream.reason]);
        expect(header(client, 'Content-Length')).toBe(header(upstream, 'Content-Length'));
        expect(header(client, 'Content-Type')).toBe(header(upstream, 'Content-Type'));
        const names = client.headers.map(([key]) => key);
        const fixed = names.slice(0, names.indexOf('Connection') + 1);
        const upstreamHas = (key: string) => (header(upstream, key) === undefined ? [] : [key]);
        expect(fixed).toEqual(['Server', 'Date', ...upstreamHas('Content-Type'), ...upstreamHas('Content-Length'), 'Connection']);
        const dropped = new Set(['server', 'date', 'connection', 'content-type', 'content-length']);
        expect(client.headers.slice(fixed.length)).toEqual(upstream.headers.filter(([key]) => !dropped.has(key.toLowerCase())));
        expect(client.body).toBe(upstream.body);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { createPlayback, runToEnd } from '../../src/simulation/index.ts';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { matchesFilter, NO_FILTER } from './event-filter.ts';

const events = runToEnd(createPlayback(example('default'))).events;
const shown = (protocol: string, layer: string) => events.filter((event) => matchesFilter(event, { protocol, layer }));

describe('event log filters', () => {
  it('shows everything without a filter', () => {
    expect(shown(NO_FILTER.protocol, NO_FILTER.layer)).toHaveLength(events.length);
  });

  it('by protocol: only HTTP messages, and state changes by their type', () => {
    // The page, then the favicon the browser asks for on its own; each message is sent and delivered.
    const twice = (summary: string) => [summary, summary];
    expect(shown('http', '').map((event) => event.summary)).toEqual([
      ...['GET / HTTP/1.1', 'GET / HTTP/1.0', 'HTTP/1.0 200 OK', 'HTTP/1.1 200 OK'].flatMap(twice),
      ...['GET /favicon.ico HTTP/1.1', 'GET /favicon.ico HTTP/1.0', 'HTTP/1.0 404 NOT FOUND', 'HTTP/1.1 404 NOT FOUND'].flatMap(twice),
    ]);
    expect(shown('state', '').every((event) => event.type === 'state')).toBe(true);
  });

  it('by layer: every message carried by TCP, whatever is on top', () => {
    const overTcp = shown('', 'tcp');
    expect(new Set(overTcp.map((event) => event.protocol))).toEqual(new Set(['tcp', 'http', 'sql']));
    // WSGI crosses an in-process link: no TCP under it.
    expect(shown('wsgi', 'tcp')).toEqual([]);
    expect(shown('', 'udp').every((event) => event.protocol === 'dns')).toBe(true);
  });
});

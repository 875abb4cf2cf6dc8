/**
 * The TLS examples' golden traces, checked against RFC 8446's and RFC 5246's flows and
 * against ../shared/reference/tls13-handshake.json (nginx + OpenSSL, decrypted capture).
 * Regenerate a golden trace with
 *   npm run -s simulate -- public/topologies/<name>.json > src/simulation/__golden__/<name>.trace.jsonl
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, runToEnd, simulate, traceEventToJson, type TraceEvent } from './index.ts';
import type { TlsLayer } from './model/message.ts';
import { example } from './test-support/documents.node.ts';
import { readReference } from './test-support/reference.node.ts';

function run(name: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(example(name), { onEvent: (event) => events.push(event) });
  return events;
}

const tlsOf = (event: TraceEvent): TlsLayer | undefined => event.message?.layers.find((layer): layer is TlsLayer => layer.layer === 'tls');
const between = (events: TraceEvent[], a: string, b: string) => events.filter((e) => e.type === 'send' && ((e.from === a && e.to === b) || (e.from === b && e.to === a)));
const arrow = (e: TraceEvent) => (e.from === 'browser' ? 'C->S' : 'S->C');

/** The data-carrying segments between browser and nginx, as the recording's wire_flights list them. */
function dataSegments(events: TraceEvent[]): string[] {
  return between(events, 'browser', 'nginx')
    .filter((e) => e.protocol === 'tls')
    .map((e) => `${arrow(e)}: ${e.summary.replace(/^Application Data: /, '')}`);
}

interface Recording {
  handshakes: { 'TLSv1.3': { handshake_messages_in_order: string[]; wire_flights_data_packets: string[]; round_trips_before_application_data: { total_before_request_sent: number } } };
}
const recorded = (readReference('tls13-handshake.json') as Recording).handshakes['TLSv1.3'];

describe.each(['https-tls13', 'https-tls12', 'cert-expired', 'cert-self-signed', 'cert-wrong-host'])('golden trace of %s', (name) => {
  it('is produced line for line, and again for the same seed', () => {
    const golden = readFileSync(join(process.cwd(), `src/simulation/__golden__/${name}.trace.jsonl`), 'utf8').trimEnd().split('\n');
    const lines = run(name).map(traceEventToJson);
    expect(lines).toEqual(golden);
    expect(run(name).map(traceEventToJson)).toEqual(lines);
  });
});

describe('https-tls13: the 1-RTT handshake (RFC 8446 section 2)', () => {
  const events = run('https-tls13');

  it('sends the handshake messages in the recorded order and directions', () => {
    // openssl -msg does not print a ChangeCipherSpec the client receives (the recording says so): leave the server's out.
    const messages = between(events, 'browser', 'nginx')
      .filter((e) => e.protocol === 'tls')
      .flatMap((e) => tlsOf(e)!.records.filter((record) => record.decrypted !== 'Application Data' && !record.decrypted.startsWith('Alert')).map((record) => ({ from: e.from, name: record.decrypted })))
      .filter((message) => !(message.from === 'nginx' && message.name === 'Change Cipher Spec'))
      .map((message) => `${message.from === 'browser' ? 'client->server' : 'server->client'}: ${message.name.replace(/ /g, '')}`);
    expect(messages).toEqual(recorded.handshake_messages_in_order.filter((line) => !line.endsWith('Alert')));
  });

  it('groups them into segments as the recording’s capture does, the request right behind the client’s Finished', () => {
    const flights = dataSegments(events).slice(0, 7);
    const expected = recorded.wire_flights_data_packets.slice(0, 4).flatMap((line) => {
      const [direction, rest] = line.split(': ');
      return rest!.split(' | ').map((part) => `${direction}: ${part.trim()}`);
    });
    // The recording asked for /index and got text/html; the example asks for /.
    expect(flights.map((line) => line.replace('GET / ', 'GET /index '))).toEqual(expected.slice(0, 7).map((line) => line.replace('  (text/html)', '')));
  });

  it('sends the request two round trips after the SYN (TCP, then TLS), as recorded', () => {
    const syn = between(events, 'browser', 'nginx').find((e) => e.summary.includes('[SYN]'))!;
    const request = between(events, 'browser', 'nginx').find((e) => e.summary.startsWith('Application Data: GET'))!;
    const rtt = 20; // browser-nginx latency 10 ms each way
    expect((request.t - syn.t) / rtt).toBe(recorded.round_trips_before_application_data.total_before_request_sent);
  });

  it('seals everything after the ServerHello: an eavesdropper sees Application Data of the right length', () => {
    const flight = between(events, 'browser', 'nginx').find((e) => e.summary.startsWith('Server Hello'))!;
    const records = tlsOf(flight)!.records;
    expect(records.map((record) => record.wire)).toEqual(['Server Hello', 'Change Cipher Spec', 'Application Data', 'Application Data', 'Application Data', 'Application Data']);
    expect(records[0]!.bytes).toBe(5 + 122);
    expect(records[4]!.bytes).toBe(5 + 264 + 1 + 16);
    const ticket = between(events, 'browser', 'nginx').find((e) => e.summary === 'New Session Ticket')!;
    expect(ticket.message!.layers.find((layer) => layer.layer === 'tcp')).toMatchObject({ len: 287 });
  });

  it('shows the decrypted HTTP behind each application-data record, and plain HTTP behind nginx', () => {
    const request = between(events, 'browser', 'nginx').find((e) => e.summary.startsWith('Application Data: GET'))!;
    const layers = request.message!.layers.map((layer) => layer.layer);
    expect(layers).toEqual(['ip', 'tcp', 'tls', 'http']);
    const upstream = events.find((e) => e.type === 'send' && e.from === 'nginx' && e.to === 'app1' && e.protocol === 'http')!;
    expect(upstream.message!.layers.map((layer) => layer.layer)).toEqual(['ip', 'tcp', 'http']);
  });

  it('reuses the connection for the second visit with no new handshake, and ends it with close_notify before FIN', () => {
    expect(events.filter((e) => e.type === 'send' && e.summary.startsWith('Client Hello'))).toHaveLength(1);
    const last = between(events, 'browser', 'nginx').filter((e) => e.from === 'nginx').slice(-3).map((e) => e.summary);
    expect(last[0]).toBe('Alert (Level: Warning, Description: Close Notify)');
    expect(last[1]).toMatch(/\[FIN, ACK\]/);
    expect(browserPage(runToEnd(createPlayback(example('https-tls13'))), 'browser')).toMatchObject({ kind: 'loaded', status: 200, url: 'https://example.com/' });
  });
});

describe('https-tls12: the 2-RTT handshake (RFC 5246 section 7.3)', () => {
  const events = run('https-tls12');

  it('sends the RFC’s flights, and the request only after the server’s Finished', () => {
    expect(dataSegments(events).slice(0, 5)).toEqual([
      'C->S: Client Hello',
      'S->C: Server Hello, Certificate, Server Key Exchange, Server Hello Done',
      'C->S: Client Key Exchange, Change Cipher Spec, Finished',
      'S->C: New Session Ticket, Change Cipher Spec, Finished',
      'C->S: GET / HTTP/1.1',
    ]);
  });

  it('needs one round trip more than TLS 1.3 before the request', () => {
    const first = (trace: TraceEvent[]) => {
      const pair = between(trace, 'browser', 'nginx');
      return pair.find((e) => e.summary.startsWith('Application Data: GET'))!.t - pair.find((e) => e.summary.includes('[SYN]'))!.t;
    };
    expect(first(events) / 20).toBe(3);
    expect(first(run('https-tls13')) / 20).toBe(2);
  });

  it('shows the 1.2 Finished as an encrypted handshake message on the wire', () => {
    const flight = between(events, 'browser', 'nginx').find((e) => e.summary.startsWith('Client Key Exchange'))!;
    expect(tlsOf(flight)!.records.map((record) => record.wire)).toEqual(['Client Key Exchange', 'Change Cipher Spec', 'Encrypted Handshake Message']);
  });
});

describe.each([
  ['cert-expired', 'NET::ERR_CERT_DATE_INVALID', /valid from 2020-01-01 to 2020-02-01/],
  ['cert-self-signed', 'NET::ERR_CERT_AUTHORITY_INVALID', /self-signed/],
  ['cert-wrong-host', 'NET::ERR_CERT_COMMON_NAME_INVALID', /shop\.example\.net; none of them is example\.com/],
])('%s', (name, code, why) => {
  it(`stops the page with ${code}, says why, and sends no request`, () => {
    const events = run(name);
    const page = browserPage(runToEnd(createPlayback(example(name))), 'browser');
    expect(page).toMatchObject({ kind: 'error', code });
    expect(page?.kind === 'error' ? page.explanation : '').toMatch(why);
    expect(events.some((e) => e.type === 'send' && e.summary.startsWith('Application Data'))).toBe(false);
    const alert = between(events, 'browser', 'nginx').find((e) => e.summary.startsWith('Alert'))!;
    expect(alert.summary).toBe('Alert (Level: Fatal, Description: Certificate Unknown)');
    expect(events.some((e) => e.type === 'send' && e.to === 'app1')).toBe(false);
  });
});

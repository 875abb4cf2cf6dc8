import { describe, expect, it } from 'vitest';
import { compareTlsVersions } from '../index.ts';
import { example } from '../test-support/documents.node.ts';
import { readReference } from '../test-support/reference.node.ts';

const recorded = readReference<{ handshakes: { 'TLSv1.3': { round_trips_before_application_data: { tls: number; plus_tcp_handshake: number } } } }>('tls13-handshake.json').handshakes['TLSv1.3'];

describe('the TLS 1.2 and 1.3 handshakes of one page, side by side', () => {
  const result = compareTlsVersions(example('https-tls13'));
  if (!result.ok) throw new Error(result.reason);
  const [tls12, tls13] = result.comparison.ladders;

  it('counts one TLS round trip for 1.3 (as recorded) and two for 1.2 (RFC 5246), after TCP’s one', () => {
    expect([tls13.tcpRoundTrips, tls13.tlsRoundTrips]).toEqual([recorded.round_trips_before_application_data.plus_tcp_handshake, recorded.round_trips_before_application_data.tls]);
    expect([tls12.tcpRoundTrips, tls12.tlsRoundTrips]).toEqual([1, 2]);
  });

  it('sends the request one round trip (20 ms on a 10 ms link) later with 1.2, and the page arrives as much later', () => {
    expect(tls12.requestAfterMs - tls13.requestAfterMs).toBe(20);
    expect(tls12.responseAfterMs - tls13.responseAfterMs).toBe(20);
  });

  it('lists the flights in order, each in its round trip, and the request and response after them', () => {
    const flights = (ladder: typeof tls12) => ladder.steps.map((step) => `${step.roundTrip ?? '-'} ${step.direction === 'to-server' ? '→' : '←'} ${step.summary.split(',')[0]}`);
    expect(flights(tls13)).toEqual([
      '1 → 50472 → 443 [SYN] Seq=0 Len=0',
      '1 ← 443 → 50472 [SYN',
      '2 → Client Hello',
      '2 ← Server Hello',
      // The client's Finished goes with the request: no one waits for it.
      '- → Change Cipher Spec',
      '- → Application Data: GET / HTTP/1.1',
      '- ← New Session Ticket',
      '- ← New Session Ticket',
      '- ← Application Data: HTTP/1.1 200 OK',
    ]);
    expect(flights(tls12)).toEqual([
      '1 → 50472 → 443 [SYN] Seq=0 Len=0',
      '1 ← 443 → 50472 [SYN',
      '2 → Client Hello',
      '2 ← Server Hello',
      '3 → Client Key Exchange',
      '3 ← New Session Ticket',
      '- → Application Data: GET / HTTP/1.1',
      '- ← Application Data: HTTP/1.1 200 OK',
    ]);
  });

  it('says why a topology without https:// or without TLS on nginx cannot be compared', () => {
    expect(compareTlsVersions(example('default'))).toEqual({ ok: false, reason: 'No browser here visits an https:// URL, so there is no TLS handshake to compare.' });
  });
});

import { describe, expect, it } from 'vitest';
import { flightProgress, packetLabel } from './packet-view.ts';

describe('packetLabel', () => {
  it.each([
    ['tcp', '50472 → 80 [SYN] Seq=0 Len=0', 'SYN'],
    ['tcp', '80 → 50472 [SYN, ACK] Seq=0 Ack=1 Len=0', 'SYN-ACK'],
    ['tcp', '8000 → 32845 [FIN, ACK] Seq=310 Ack=629 Len=0', 'FIN'],
    ['tcp', '50472 → 80 [ACK] Seq=1 Ack=1 Len=0', 'ACK'],
    ['dns', 'Standard query 0x9ce3 A example.com', 'DNS query'],
    ['dns', 'Standard query response 0x9ce3 A example.com A 10.0.0.2', 'DNS answer'],
    ['http', 'GET / HTTP/1.1', 'GET /'],
    ['http', 'HTTP/1.0 200 OK', '200 OK'],
    ['http', 'GET /a/very/long/path/indeed HTTP/1.1', 'GET /a/very/l…'],
    ['wsgi', 'application(environ, start_response): GET /', 'environ'],
    ['wsgi', "start_response('200 OK') + 155-byte body", '200 OK'],
    ['sql', 'Query: SELECT title FROM posts LIMIT 3', 'Query'],
    ['sql', 'SELECT 3 (3 rows)', 'SELECT 3'],
  ] as const)('%s %s → %s', (protocol, summary, label) => {
    expect(packetLabel({ protocol, summary })).toBe(label);
  });
});

describe('flightProgress', () => {
  it('runs from 0 at the send to 1 at the arrival', () => {
    const message = { sentAt: 10, arrivesAt: 20 };
    expect(flightProgress(message, 10)).toBe(0);
    expect(flightProgress(message, 12.5)).toBe(0.25);
    expect(flightProgress(message, 20)).toBe(1);
    expect(flightProgress(message, 25)).toBe(1);
  });

  it('puts an in-process call, which takes no time, halfway along its link', () => {
    expect(flightProgress({ sentAt: 43, arrivesAt: 43 }, 43)).toBe(0.5);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/rng.ts';
import { alert, applicationData, clientFinished, clientHello, sealedLength, serverFlight, sessionTicket, tlsByteLength, tlsWireView } from './tls.ts';
import type { HttpRequestPayload } from '../engine/packet.ts';
import { httpByteLength } from './http.ts';

const chain = [{ subject: 'localhost', san: ['localhost'], issuer: 'localhost', notBefore: '2026-01-01', notAfter: '2027-01-01' }];

describe('TLS record sizes, against ../shared/reference/tls13-handshake.json', () => {
  it('gives the recorded sizes of nginx’s TLS 1.3 messages', () => {
    const flight = serverFlight(createRng(1), 'TLS 1.3', '00'.repeat(32), chain);
    const sizes = Object.fromEntries(flight.records.flatMap((record) => (record.handshake ? [[record.handshake.type, record.handshake.length]] : [])));
    expect(sizes['ServerHello']).toBe(0x7a);
    expect(sizes['CertificateVerify']).toBe(0x108);
    expect(sessionTicket().records[0]!.handshake!.length).toBe(0x109);
  });

  it('seals a TLS 1.3 record as the capture shows: a ticket in 287 bytes, close_notify in 24', () => {
    expect(tlsByteLength(sessionTicket())).toBe(287);
    expect(tlsByteLength(alert('TLS 1.3', 'warning', 'close_notify'))).toBe(24);
    // The client's ChangeCipherSpec and a 52-byte Finished (SHA-384, as the recording negotiated) make 80 bytes.
    expect(6 + 5 + sealedLength('TLS 1.3', 52)).toBe(80);
  });

  it('carries an HTTP message in one application_data record of its length plus the AEAD overhead', () => {
    const request: HttpRequestPayload = { protocol: 'http', kind: 'request', method: 'GET', target: '/', version: 'HTTP/1.1', headers: [['Host', 'example.com']], body: '' };
    expect(tlsByteLength(applicationData('TLS 1.3', request))).toBe(5 + httpByteLength(request) + 17);
    expect(tlsByteLength(applicationData('TLS 1.2', request))).toBe(5 + 8 + httpByteLength(request) + 16);
  });

  it('writes the ClientHello’s record header as 0x0301 and sealed 1.3 records as application_data (RFC 8446 section 5.1)', () => {
    const hello = clientHello(createRng(1), 'example.com');
    expect(tlsWireView(hello)).toMatch(/^16 03 01 /);
    expect(tlsWireView(clientFinished(createRng(1), 'TLS 1.3')).split('\n')).toEqual(['14 03 03 00 01  01', '17 03 03 00 35  [53 bytes of ciphertext]']);
    expect(hello.records[0]!.handshake!.fields).toContainEqual(['extension: server_name', 'example.com']);
    expect(hello.records[0]!.handshake!.fields.find(([name]) => name === 'extension: supported_versions')![1]).toBe('TLS 1.3, TLS 1.2');
  });
});

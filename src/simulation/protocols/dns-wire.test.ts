import { describe, expect, it } from 'vitest';
import * as dnsPacket from 'dns-packet';
import type { DnsPayload } from '../engine/packet.ts';
import type { DnsRecord } from '../model/message.ts';
import { dnsByteLength, dnsFlags, dnsQuery, dnsResponse, dnsSummary, encodeDns } from './dns.ts';

const rr = (name: string, type: DnsRecord['type'], data: string, ttl = 300): DnsRecord => ({ name, type, class: 'IN', ttl, data });
const query = dnsQuery(0x1a2b, 'www.example.com', 'A', true);
const reply = (over: Partial<DnsPayload>): DnsPayload => ({ ...dnsResponse(query, { authoritative: false, recursionAvailable: true, rcode: 'NOERROR', answers: [], authority: [], additional: [] }), ...over });

/** What dns-packet decodes, with the header fields its typings leave out. */
type Decoded = dnsPacket.Packet & { flag_aa: boolean; flag_tc: boolean; flag_rd: boolean; flag_ra: boolean; rcode: string };

/** Decodes our hex with dns-packet, an independent RFC 1035 parser. */
function decode(dns: DnsPayload): Decoded {
  return dnsPacket.decode(Buffer.from(encodeDns(dns), 'hex')) as unknown as Decoded;
}

function simple(record: dnsPacket.Answer): { name: string; type: string; ttl: number | undefined; data: unknown } {
  return { name: record.name, type: record.type, ttl: (record as { ttl?: number }).ttl, data: (record as { data?: unknown }).data };
}

const messages: Record<string, DnsPayload> = {
  query,
  cnameChain: reply({ answers: [rr('www.example.com', 'CNAME', 'example.com'), rr('example.com', 'A', '93.184.216.34')] }),
  referral: reply({
    recursionDesired: false,
    recursionAvailable: false,
    authority: [rr('com', 'NS', 'a.gtld-servers.net', 172800), rr('com', 'NS', 'b.gtld-servers.net', 172800)],
    additional: [rr('a.gtld-servers.net', 'A', '192.5.6.30', 172800), rr('b.gtld-servers.net', 'AAAA', '2001:503:231d::2:30', 172800)],
  }),
  nxdomain: reply({ authoritative: true, rcode: 'NXDOMAIN', authority: [rr('example.com', 'SOA', 'ns1.example.com hostmaster.example.com 1 7200 3600 1209600 300')] }),
};

describe('DNS wire format (RFC 1035 section 4), checked with dns-packet', () => {
  it.each(Object.entries(messages))('%s: every header field and record round-trips', (_, message) => {
    const decoded = decode(message);
    expect(decoded.id).toBe(message.id);
    expect(decoded.type).toBe(message.response ? 'response' : 'query');
    expect(decoded.flag_aa).toBe(message.authoritative);
    expect(decoded.flag_tc).toBe(false);
    expect(decoded.flag_rd).toBe(message.recursionDesired);
    expect(decoded.flag_ra).toBe(message.recursionAvailable);
    expect(decoded.rcode).toBe(message.rcode);
    expect(decoded.questions).toEqual([{ name: message.question.name, type: message.question.type, class: 'IN' }]);
    const expected = (records: readonly DnsRecord[]) =>
      records.map((record) => {
        if (record.type !== 'SOA') return { name: record.name, type: record.type, ttl: record.ttl, data: record.data };
        const [mname, rname, serial, refresh, retry, expire, minimum] = record.data.split(' ');
        return { name: record.name, type: 'SOA', ttl: record.ttl, data: { mname, rname, serial: +serial!, refresh: +refresh!, retry: +retry!, expire: +expire!, minimum: +minimum! } };
      });
    expect((decoded.answers ?? []).map(simple)).toEqual(expected(message.answers));
    expect((decoded.authorities ?? []).map(simple)).toEqual(expected(message.authority));
    expect((decoded.additionals ?? []).map(simple)).toEqual(expected(message.additional));
    expect(dnsByteLength(message)).toBe(encodeDns(message).length / 2);
  });

  it('compresses names: a repeated name is a pointer, and the message is shorter than written out', () => {
    const hex = encodeDns(messages['cnameChain']!);
    // www.example.com at offset 12; the answer's owner points at it, the CNAME target at "example.com" (offset 16).
    expect(hex.slice(24, 58)).toBe('03777777076578616d706c6503636f6d00');
    expect(hex).toContain('c00c0005000100');
    expect(hex).toContain('c010');
    const uncompressed = dnsPacket.encode(decode(messages['cnameChain']!)).length;
    expect(encodeDns(messages['cnameChain']!).length / 2).toBeLessThanOrEqual(uncompressed);
  });

  it('writes the header flags word bit by bit', () => {
    expect(encodeDns(messages['nxdomain']!).slice(4, 8)).toBe('8583'); // QR AA RD RA, rcode 3
    expect(encodeDns(query).slice(4, 8)).toBe('0100'); // RD
    expect(dnsFlags(messages['nxdomain']!)).toEqual(['QR', 'AA', 'RD', 'RA']);
  });
});

describe('DNS summaries, as Wireshark’s Info column writes them', () => {
  it.each([
    ['query', 'Standard query 0x1a2b A www.example.com'],
    ['cnameChain', 'Standard query response 0x1a2b A www.example.com CNAME example.com A 93.184.216.34'],
    ['referral', 'Standard query response 0x1a2b A www.example.com NS a.gtld-servers.net NS b.gtld-servers.net A 192.5.6.30 AAAA 2001:503:231d::2:30'],
    ['nxdomain', 'Standard query response 0x1a2b No such name A www.example.com SOA ns1.example.com'],
  ])('%s', (name, summary) => {
    expect(dnsSummary(messages[name]!)).toBe(summary);
  });

  it('names a server failure', () => {
    expect(dnsSummary(reply({ rcode: 'SERVFAIL' }))).toBe('Standard query response 0x1a2b Server failure A www.example.com');
  });
});

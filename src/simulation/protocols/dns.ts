import type { DnsPayload } from '../engine/packet.ts';
import type { DnsFlag, DnsQuestion, DnsRcode, DnsRecord, DnsRecordType } from '../model/message.ts';

export { dnsByteLength, encodeDns } from './dns-wire.ts';

/** DNS over UDP port 53 (RFC 1035 section 4.2.1). */
export const DNS_PORT = 53;

/** Wireshark's words for a response code, shown in the Info column when it is not "No error". */
const RCODE_TEXT: Readonly<Record<DnsRcode, string>> = {
  NOERROR: 'No error',
  FORMERR: 'Format error',
  SERVFAIL: 'Server failure',
  NXDOMAIN: 'No such name',
  NOTIMP: 'Not implemented',
  REFUSED: 'Refused',
};

function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}

/** A name as Wireshark prints it: without the final dot, and the root as "<Root>". */
function shown(name: string): string {
  return name === '' ? '<Root>' : name;
}

/** A record as the Info column lists it: "A 93.184.216.34", "CNAME example.com", "SOA ns.example.com". */
function recordInfo(record: DnsRecord): string {
  if (record.type === 'SOA') return `SOA ${record.data.split(' ')[0]}`;
  return `${record.type} ${record.data}`;
}

/**
 * The Info column as Wireshark writes it: "Standard query 0x1a2b A www.example.com";
 * "Standard query response 0x1a2b A www.example.com CNAME example.com A 93.184.216.34";
 * "Standard query response 0x1a2b No such name A typo.example.com SOA ns.example.com". Records
 * of every section follow the question, so a referral reads "... NS a.gtld-servers.net A 192.5.6.30".
 */
export function dnsSummary(dns: DnsPayload): string {
  const question = `${dns.question.type} ${shown(dns.question.name)}`;
  if (!dns.response) return `Standard query ${hex16(dns.id)} ${question}`;
  const rcode = dns.rcode === 'NOERROR' ? '' : `${RCODE_TEXT[dns.rcode]} `;
  let records = '';
  for (const section of [dns.answers, dns.authority, dns.additional]) {
    for (const record of section) records += ` ${recordInfo(record)}`;
  }
  return `Standard query response ${hex16(dns.id)} ${rcode}${question}${records}`;
}

/** The flag names set in the header, in header order, as Wireshark and dig list them. */
export function dnsFlags(dns: DnsPayload): DnsFlag[] {
  const flags: DnsFlag[] = [];
  if (dns.response) flags.push('QR');
  if (dns.authoritative) flags.push('AA');
  if (dns.truncated) flags.push('TC');
  if (dns.recursionDesired) flags.push('RD');
  if (dns.recursionAvailable) flags.push('RA');
  return flags;
}

/** A name in the form names are compared in: lowercase, no final dot ("" is the root). */
export function canonicalName(name: string): string {
  return name === '.' ? '' : name.replace(/\.$/, '').toLowerCase();
}

/** Whether `name` is `zone` or lies under it ("www.example.com" is under "com" and under ""). */
export function isAtOrBelow(name: string, zone: string): boolean {
  const n = canonicalName(name);
  const z = canonicalName(zone);
  return z === '' || n === z || n.endsWith(`.${z}`);
}

/** A query as a stub or a resolver sends it: one question, no records. */
export function dnsQuery(id: number, name: string, type: DnsRecordType, recursionDesired: boolean): DnsPayload {
  return {
    protocol: 'dns',
    id,
    response: false,
    authoritative: false,
    truncated: false,
    recursionDesired,
    recursionAvailable: false,
    rcode: 'NOERROR',
    question: { name, type, class: 'IN' } satisfies DnsQuestion,
    answers: [],
    authority: [],
    additional: [],
  };
}

/** The sections and flags a server puts in its answer to `query`. */
export interface DnsReply {
  readonly authoritative: boolean;
  readonly recursionAvailable: boolean;
  readonly rcode: DnsRcode;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
}

/** The response to `query`: its id, its question and its RD flag echoed (RFC 1035 section 4.1.1). */
export function dnsResponse(query: DnsPayload, reply: DnsReply): DnsPayload {
  return {
    protocol: 'dns',
    id: query.id,
    response: true,
    authoritative: reply.authoritative,
    truncated: false,
    recursionDesired: query.recursionDesired,
    recursionAvailable: reply.recursionAvailable,
    rcode: reply.rcode,
    question: query.question,
    answers: reply.answers,
    authority: reply.authority,
    additional: reply.additional,
  };
}

import type { DnsPayload } from '../engine/packet.ts';
import { ByteWriter } from './bytes.ts';

/** DNS over UDP port 53 (RFC 1035). */
export const DNS_PORT = 53;

const TYPE_A = 1;
const CLASS_IN = 1;
const RCODES = { NOERROR: 0, NXDOMAIN: 3 } as const;

function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}

/** The Info column as Wireshark writes it: "Standard query 0x1a2b A example.com". */
export function dnsSummary(dns: DnsPayload): string {
  const question = `${dns.question.type} ${dns.question.name}`;
  if (!dns.response) return `Standard query ${hex16(dns.id)} ${question}`;
  if (dns.rcode === 'NXDOMAIN') return `Standard query response ${hex16(dns.id)} No such name ${question}`;
  const answers = dns.answers.map((answer) => ` ${answer.type} ${answer.address}`).join('');
  return `Standard query response ${hex16(dns.id)} ${question}${answers}`;
}

/** The flag names set in the header, as Wireshark lists them. */
export function dnsFlags(dns: DnsPayload): string[] {
  const flags: string[] = [];
  if (dns.response) flags.push('QR');
  if (dns.recursionDesired) flags.push('RD');
  if (dns.recursionAvailable) flags.push('RA');
  return flags;
}

function writeName(writer: ByteWriter, name: string): void {
  for (const label of name.replace(/\.$/, '').split('.')) {
    writer.u8(label.length).utf8(label);
  }
  writer.u8(0);
}

/** The message in wire format as hex: header, question, answers (names compressed to 0xc00c). */
export function encodeDns(dns: DnsPayload): string {
  const writer = new ByteWriter();
  const flags =
    (dns.response ? 0x8000 : 0) | (dns.recursionDesired ? 0x0100 : 0) | (dns.recursionAvailable ? 0x0080 : 0) | RCODES[dns.rcode];
  writer.u16(dns.id).u16(flags).u16(1).u16(dns.answers.length).u16(0).u16(0);
  writeName(writer, dns.question.name);
  writer.u16(TYPE_A).u16(CLASS_IN);
  for (const answer of dns.answers) {
    writer.u16(0xc00c).u16(TYPE_A).u16(CLASS_IN).u32(answer.ttl).u16(4);
    for (const octet of answer.address.split('.')) writer.u8(Number(octet));
  }
  return writer.toHex();
}

/** Byte length of encodeDns(dns), without encoding it. */
export function dnsByteLength(dns: DnsPayload): number {
  const name = dns.question.name.replace(/\.$/, '');
  return 12 + name.length + 2 + 4 + dns.answers.length * 16;
}

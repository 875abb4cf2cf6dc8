import type { DnsPayload } from '../engine/packet.ts';
import type { DnsRcode, DnsRecord, DnsRecordType } from '../model/message.ts';
import { ByteWriter } from './bytes.ts';

/** RFC 1035 section 3.2.2 type values (AAAA: RFC 3596). */
export const TYPE_CODES: Readonly<Record<DnsRecordType, number>> = { A: 1, NS: 2, CNAME: 5, SOA: 6, AAAA: 28 };

/** RFC 1035 section 4.1.1 RCODE values. */
export const RCODE_CODES: Readonly<Record<DnsRcode, number>> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

const CLASS_IN = 1;

/** The 16-bit flags word of the header (RFC 1035 section 4.1.1): QR, Opcode 0, AA, TC, RD, RA, Z, RCODE. */
export function dnsFlagsWord(dns: DnsPayload): number {
  return (
    (dns.response ? 0x8000 : 0) |
    (dns.authoritative ? 0x0400 : 0) |
    (dns.truncated ? 0x0200 : 0) |
    (dns.recursionDesired ? 0x0100 : 0) |
    (dns.recursionAvailable ? 0x0080 : 0) |
    RCODE_CODES[dns.rcode]
  );
}

/**
 * Writes domain names with RFC 1035 section 4.1.4 compression: a name, or its tail, already
 * written earlier in the message becomes a two-byte pointer (0xc000 | offset) to it.
 */
class NameWriter {
  private readonly offsets = new Map<string, number>();

  constructor(private readonly writer: ByteWriter) {}

  name(name: string): void {
    for (const byte of this.bytes(name, this.writer.length)) this.writer.u8(byte);
  }

  /**
   * The bytes of `name` written at offset `at`, remembering where its labels land so later
   * names can point at them. RDATA needs its length before its names are written.
   */
  bytes(name: string, at: number): number[] {
    const out: number[] = [];
    const labels = name === '' || name === '.' ? [] : name.replace(/\.$/, '').split('.');
    for (let i = 0; i < labels.length; i++) {
      // Names compare case-insensitively (RFC 1035 section 2.3.3), so the key is lowercase.
      const suffix = labels.slice(i).join('.').toLowerCase();
      const offset = this.offsets.get(suffix);
      if (offset !== undefined) {
        out.push(0xc0 | (offset >> 8), offset & 0xff);
        return out;
      }
      // A pointer has 14 bits of offset: names further in cannot be pointed at.
      if (at + out.length < 0x4000) this.offsets.set(suffix, at + out.length);
      const label = labels[i]!;
      out.push(label.length);
      for (let c = 0; c < label.length; c++) out.push(label.charCodeAt(c) & 0xff);
    }
    out.push(0);
    return out;
  }
}

/** The 16 bytes of an IPv6 address written with or without "::". */
export function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groups = (text: string) => (text === '' ? [] : text.split(':').map((group) => parseInt(group, 16)));
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  const all = [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
  return all.flatMap((group) => [(group >> 8) & 0xff, group & 0xff]);
}

function writeRecord(writer: ByteWriter, names: NameWriter, record: DnsRecord): void {
  names.name(record.name);
  writer.u16(TYPE_CODES[record.type]).u16(CLASS_IN).u32(record.ttl);
  const rdataAt = writer.length + 2;
  let rdata: number[];
  switch (record.type) {
    case 'A':
      rdata = record.data.split('.').map(Number);
      break;
    case 'AAAA':
      rdata = ipv6Bytes(record.data);
      break;
    case 'CNAME':
    case 'NS':
      rdata = names.bytes(record.data, rdataAt);
      break;
    case 'SOA': {
      const [mname = '', rname = '', ...numbers] = record.data.split(' ');
      rdata = names.bytes(mname, rdataAt);
      rdata.push(...names.bytes(rname, rdataAt + rdata.length));
      for (const number of numbers) {
        const value = Number(number) >>> 0;
        rdata.push(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
      }
      break;
    }
  }
  writer.u16(rdata.length);
  for (const byte of rdata) writer.u8(byte);
}

/** The message in RFC 1035 wire format: header, question, answer, authority, additional. */
export function encodeDnsBytes(dns: DnsPayload): ByteWriter {
  const writer = new ByteWriter();
  const names = new NameWriter(writer);
  writer.u16(dns.id).u16(dnsFlagsWord(dns)).u16(1).u16(dns.answers.length).u16(dns.authority.length).u16(dns.additional.length);
  names.name(dns.question.name);
  writer.u16(TYPE_CODES[dns.question.type]).u16(CLASS_IN);
  for (const record of dns.answers) writeRecord(writer, names, record);
  for (const record of dns.authority) writeRecord(writer, names, record);
  for (const record of dns.additional) writeRecord(writer, names, record);
  return writer;
}

/** The message in wire format, as lowercase hex. */
export function encodeDns(dns: DnsPayload): string {
  return encodeDnsBytes(dns).toHex();
}

const lengths = new WeakMap<DnsPayload, number>();

/**
 * Byte length of the wire form. Compression makes it depend on the whole message, so it is
 * encoded once and remembered per message (only links with a bandwidth and the inspector ask).
 */
export function dnsByteLength(dns: DnsPayload): number {
  let length = lengths.get(dns);
  if (length === undefined) {
    length = encodeDnsBytes(dns).length;
    lengths.set(dns, length);
  }
  return length;
}

import type { DnsQuestion, DnsRecord } from '../../model/message.ts';
import type { DnsReply } from '../../protocols/dns.ts';
import { canonicalName, isAtOrBelow } from '../../protocols/dns.ts';
import type { DnsServerConfig, ZoneRecord } from './config.ts';

/**
 * A zone compiled for look-ups: records by owner name, and the SOA a negative answer carries.
 * Built once per config (a run never changes it).
 */
export interface Zone {
  /** The zone's name in canonical form ("" for the root). */
  readonly origin: string;
  readonly byName: ReadonlyMap<string, readonly DnsRecord[]>;
  /** Every owner name and every name between it and the apex (empty non-terminals exist too). */
  readonly names: ReadonlySet<string>;
  readonly soa: DnsRecord;
}

const zones = new WeakMap<DnsServerConfig, Zone>();

/** The zone of a server's config, compiled once. */
export function zoneOf(config: DnsServerConfig): Zone {
  let zone = zones.get(config);
  if (!zone) {
    zone = compileZone(config);
    zones.set(config, zone);
  }
  return zone;
}

function toRecord(record: ZoneRecord): DnsRecord {
  const data = record.type === 'CNAME' || record.type === 'NS' ? canonicalName(record.value) : record.value;
  return { name: canonicalName(record.name), type: record.type, class: 'IN', ttl: record.ttl, data };
}

function compileZone(config: DnsServerConfig): Zone {
  const origin = canonicalName(config.zone);
  const byName = new Map<string, DnsRecord[]>();
  for (const record of config.records) {
    const compiled = toRecord(record);
    const list = byName.get(compiled.name) ?? [];
    list.push(compiled);
    byName.set(compiled.name, list);
  }
  // The SOA is made from the zone: its first name server at the apex, hostmaster as contact,
  // and BIND's usual timers; the minimum field is the negative-caching TTL (RFC 2308 section 4).
  const apexNs = byName.get(origin)?.find((record) => record.type === 'NS')?.data;
  const mname = apexNs ?? (origin ? `ns.${origin}` : 'a.root-servers.net');
  const rname = origin ? `hostmaster.${origin}` : 'nstld.verisign-grs.com';
  const soa: DnsRecord = {
    name: origin,
    type: 'SOA',
    class: 'IN',
    ttl: config.negativeTtl,
    data: `${mname} ${rname} 1 7200 3600 1209600 ${config.negativeTtl}`,
  };
  const names = new Set<string>([origin]);
  for (const owner of byName.keys()) for (const cut of cutsAbove(owner, origin)) names.add(cut);
  return { origin, byName, names, soa };
}

/** Ancestors of `name` strictly below the zone's apex, closest to the apex first. */
function cutsAbove(name: string, origin: string): string[] {
  const labels = name.split('.');
  const cuts: string[] = [];
  const apexLabels = origin === '' ? 0 : origin.split('.').length;
  for (let take = apexLabels + 1; take <= labels.length; take++) cuts.push(labels.slice(labels.length - take).join('.'));
  return cuts;
}

/**
 * How an authoritative server answers `question` from `zone` (RFC 1034 section 4.3.2):
 * - a name not in the zone: REFUSED (the server does not recurse);
 * - a name under a delegation: a referral (NS in authority, glue in additional, no AA);
 * - a CNAME: it, then the chain as far as the zone holds it;
 * - records of the asked type: them, with AA (`order` arranges several);
 * - a name with no such type: NOERROR with the SOA (NODATA); no such name: NXDOMAIN with the SOA.
 */
export function answerFromZone(zone: Zone, question: DnsQuestion, order: (records: readonly DnsRecord[]) => readonly DnsRecord[]): DnsReply {
  const answers: DnsRecord[] = [];
  let name = canonicalName(question.name);
  if (!isAtOrBelow(name, zone.origin)) return reply(false, 'REFUSED', [], [], []);
  // A CNAME chain inside the zone is followed; RFC 1034 caps nothing, so a loop guard does.
  for (let hops = 0; hops < 16; hops++) {
    const referral = delegationFor(zone, name);
    if (referral) {
      if (answers.length) return reply(true, 'NOERROR', answers, [], []);
      return reply(false, 'NOERROR', [], referral.ns, referral.glue);
    }
    const records = zone.byName.get(name);
    if (!records) {
      return reply(true, zone.names.has(name) ? 'NOERROR' : 'NXDOMAIN', answers, [zone.soa], []);
    }
    const matching = records.filter((record) => record.type === question.type);
    if (matching.length) return reply(true, 'NOERROR', [...answers, ...order(matching)], [], []);
    const cname = records.find((record) => record.type === 'CNAME');
    if (!cname) return reply(true, 'NOERROR', answers, [zone.soa], []);
    answers.push(cname);
    // A target outside the zone is for the resolver to chase.
    if (!isAtOrBelow(cname.data, zone.origin)) return reply(true, 'NOERROR', answers, [], []);
    name = cname.data;
  }
  return reply(true, 'SERVFAIL', answers, [], []);
}

/** The NS records of the delegation covering `name`, if any, with their glue addresses. */
function delegationFor(zone: Zone, name: string): { ns: DnsRecord[]; glue: DnsRecord[] } | undefined {
  for (const cut of cutsAbove(name, zone.origin)) {
    const ns = zone.byName.get(cut)?.filter((record) => record.type === 'NS');
    if (!ns?.length) continue;
    const glue = ns.flatMap((record) => (zone.byName.get(record.data) ?? []).filter((held) => held.type === 'A' || held.type === 'AAAA'));
    return { ns, glue };
  }
  return undefined;
}

function reply(authoritative: boolean, rcode: DnsReply['rcode'], answers: DnsRecord[], authority: DnsRecord[], additional: DnsRecord[]): DnsReply {
  return { authoritative, recursionAvailable: false, rcode, answers, authority, additional };
}

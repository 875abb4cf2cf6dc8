import type { DnsRecord, DnsRecordType } from '../../model/message.ts';
import { tableSet, type Table } from '../../engine/table.ts';
import { canonicalName } from '../../protocols/dns.ts';

/**
 * The resolver's cache (RFC 1035 section 7.4, RFC 2181 section 5): record sets by owner name and
 * type, each until its TTL runs out, and negative answers (RFC 2308): a name that does not exist
 * (NXDOMAIN, for every type) or has no record of one type (NODATA), for the SOA's minimum.
 */
export type CacheEntry =
  | { readonly kind: 'records'; readonly records: readonly DnsRecord[]; readonly expiresAt: number }
  | { readonly kind: 'nxdomain' | 'nodata'; readonly soa: DnsRecord; readonly expiresAt: number };

export type DnsCache = Table<CacheEntry>;

/** The key of a record set: "www.example.com A"; a name's NXDOMAIN is stored under "name *". */
export function cacheKey(name: string, type: DnsRecordType | '*'): string {
  return `${canonicalName(name)} ${type}`;
}

/** A live entry, or undefined when there is none or it has expired. */
export function cached(cache: DnsCache, name: string, type: DnsRecordType | '*', now: number): CacheEntry | undefined {
  const entry = cache.get(cacheKey(name, type));
  return entry && entry.expiresAt > now ? entry : undefined;
}

/** The records with the seconds they have left, as a cache hands them out (RFC 1035 section 7.4). */
export function withRemainingTtl(records: readonly DnsRecord[], expiresAt: number, now: number): DnsRecord[] {
  const ttl = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return records.map((record) => (record.ttl === ttl ? record : { ...record, ttl }));
}

/**
 * Stores every record set of a response, each for the smallest TTL in it (RFC 2181 section
 * 5.2), and returns the cache with the names of what it stored, for the node's note.
 */
export function cacheRecords(cache: DnsCache, records: readonly DnsRecord[], now: number, inPlace: boolean): { cache: DnsCache; stored: string[] } {
  const sets = new Map<string, DnsRecord[]>();
  for (const record of records) {
    const key = cacheKey(record.name, record.type);
    const set = sets.get(key) ?? [];
    if (!set.some((held) => held.data === record.data)) set.push(record);
    sets.set(key, set);
  }
  let next = cache;
  const stored: string[] = [];
  for (const [key, set] of sets) {
    const ttl = Math.min(...set.map((record) => record.ttl));
    next = tableSet(next, key, { kind: 'records', records: set, expiresAt: now + ttl * 1000 }, inPlace);
    stored.push(`${set[0]!.name || '.'} ${set[0]!.type}`);
  }
  return { cache: next, stored };
}

/** The negative-caching TTL of an SOA: the smaller of its own TTL and its minimum field (RFC 2308 section 5). */
export function negativeTtl(soa: DnsRecord): number {
  const minimum = Number(soa.data.split(' ')[6] ?? soa.ttl);
  return Math.min(soa.ttl, Number.isFinite(minimum) ? minimum : soa.ttl);
}

/** Stores that `name` does not exist (type '*') or has no `type` records, for the SOA's negative TTL. */
export function cacheNegative(cache: DnsCache, name: string, type: DnsRecordType | '*', soa: DnsRecord, now: number, inPlace: boolean): DnsCache {
  const entry: CacheEntry = { kind: type === '*' ? 'nxdomain' : 'nodata', soa, expiresAt: now + negativeTtl(soa) * 1000 };
  return tableSet(cache, cacheKey(name, type), entry, inPlace);
}

import type { NodeContext } from '../../engine/simulator.ts';
import type { DnsPayload } from '../../engine/packet.ts';
import { DNS_PORT } from '../../protocols/dns.ts';
import { recordSet, tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { takePort, type HasTcp } from '../tcp-endpoint.ts';
import type { BrowserConfig } from './config.ts';

/**
 * How the browser turns a host name into an address: its own host cache, then a DNS query to
 * the resolver. The browser's fetch logic (behaviour.ts) sees only lookUpHost() and
 * onDnsPacket(); everything about caches and queries stays here.
 */

export interface HostCacheEntry {
  readonly address: string;
  readonly expiresAt: number;
  /** The note a cache hit makes, written once per answer. */
  readonly hitNote: string;
}

export interface HasHostResolver<W> extends HasTcp {
  /** The browser's host cache: name -> address, until the answer's TTL runs out. */
  readonly dnsCache: Readonly<Record<string, HostCacheEntry>>;
  /** DNS queries waiting for an answer, by query id, with what waits on each. */
  readonly lookups: Table<PendingLookup<W>, number>;
}

export interface PendingLookup<W> {
  readonly host: string;
  readonly waiter: W;
}

/** The outcome of a lookup: an address, or Chromium's error code and what it means. */
export type HostLookup =
  | { readonly kind: 'resolved'; readonly address: string }
  | { readonly kind: 'failed'; readonly code: string; readonly explanation: string };

/**
 * Starts resolving `host` for `waiter`. Returns the outcome at once when it is known (an IP
 * literal, a cache hit, no resolver), or 'pending' when a query went out: onDnsPacket()
 * then hands the waiter back with the outcome.
 */
export function lookUpHost<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, host: string, waiter: W): HostLookup | 'pending' {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return { kind: 'resolved', address: host };
  const cached = ctx.state.dnsCache[host];
  if (cached && cached.expiresAt > ctx.now) {
    ctx.note(cached.hitNote);
    return { kind: 'resolved', address: cached.address };
  }
  const config = ctx.node.config as BrowserConfig;
  const nameserver = config.nameserver ?? ctx.world.neighbours(ctx.node.id, { kind: 'dns-resolver' })[0]?.address;
  if (!nameserver) {
    return { kind: 'failed', code: 'DNS_PROBE_FINISHED_NO_INTERNET', explanation: 'No DNS resolver is configured, so the name cannot be looked up.' };
  }
  const id = ctx.rng.int(0, 0xffff);
  const port = takePort(ctx);
  const state = ctx.draft();
  state.lookups = tableSet(state.lookups, id, { host, waiter }, ctx.inPlace);
  const query: DnsPayload = {
    protocol: 'dns',
    id,
    response: false,
    recursionDesired: true,
    recursionAvailable: false,
    rcode: 'NOERROR',
    question: { name: host, type: 'A', class: 'IN' },
    answers: [],
  };
  ctx.send(nameserver, { transport: 'udp', srcPort: port, dstPort: DNS_PORT }, query);
  return 'pending';
}

/** Handles a DNS answer: the waiter it was for and the outcome, or undefined if it answers nothing we asked. */
export function onDnsPacket<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, answer: DnsPayload): { readonly waiter: W; readonly host: string; readonly outcome: HostLookup } | undefined {
  const pending = ctx.state.lookups.get(answer.id);
  if (!pending || !answer.response) return undefined;
  const state = ctx.draft();
  state.lookups = tableDelete(state.lookups, answer.id, ctx.inPlace);
  const host = pending.host;
  const first = answer.answers[0];
  if (answer.rcode === 'NXDOMAIN' || !first) {
    return { waiter: pending.waiter, host, outcome: { kind: 'failed', code: 'DNS_PROBE_FINISHED_NXDOMAIN', explanation: `${host}'s server IP address could not be found.` } };
  }
  const entry: HostCacheEntry = { address: first.address, expiresAt: ctx.now + first.ttl * 1000, hitNote: `DNS cache hit: ${host} is ${first.address}` };
  state.dnsCache = recordSet(state.dnsCache, host, entry, ctx.inPlace);
  ctx.note(`DNS cache: ${host} is ${first.address} for ${first.ttl} s`);
  return { waiter: pending.waiter, host, outcome: { kind: 'resolved', address: first.address } };
}

/** The host cache as the node's status lists it. */
export function hostCacheSummary(state: HasHostResolver<unknown>): string {
  const cache = Object.entries(state.dnsCache).map(([name, entry]) => `${name} → ${entry.address}`);
  return cache.length ? cache.join(', ') : 'empty';
}

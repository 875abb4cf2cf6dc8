import type { NodeContext } from '../../engine/simulator.ts';
import type { DnsPayload } from '../../engine/packet.ts';
import { canonicalName, dnsQuery, DNS_PORT } from '../../protocols/dns.ts';
import { recordSet, tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { takePort, type HasTcp } from '../tcp-endpoint.ts';
import type { BrowserConfig } from './config.ts';

/**
 * How the browser turns a host name into an address: Chromium's host cache, then the OS's
 * cache (systemd-resolved's stub), then a DNS query to the resolver: type A on an IPv4-only
 * host, A and AAAA side by side on a host with IPv6 (glibc sends both from one socket and
 * waits for both). The browser's fetch logic (behaviour.ts) sees only lookUpHost(),
 * onDnsPacket() and onHostResolverTimer(); everything about caches and queries stays here.
 */

export interface HostCacheEntry {
  readonly address: string;
  readonly expiresAt: number;
  /** The note a cache hit makes, written once per answer. */
  readonly hitNote: string;
}

export interface HasHostResolver<W> extends HasTcp {
  /** Chromium's host cache: name -> address, until the answer's TTL runs out. */
  readonly dnsCache: Readonly<Record<string, HostCacheEntry>>;
  /** The OS's cache (systemd-resolved), shared by every program on the machine; absent: empty. */
  readonly osCache?: Readonly<Record<string, HostCacheEntry>>;
  /** DNS queries waiting for an answer, by query id, with what waits on each. */
  readonly lookups: Table<PendingLookup<W>, number>;
}

export interface PendingLookup<W> {
  readonly host: string;
  readonly waiter: W;
  readonly nameserver?: string;
  readonly port?: number;
  /** Sends so far (resolv.conf `attempts`), and the retry timer while it runs. */
  readonly attempt?: number;
  readonly timer?: number | null;
  /** The record type asked for; absent: A. */
  readonly type?: AddressType;
  /** The other query of an A + AAAA pair, by id, while it is unanswered. */
  readonly pair?: number;
  /** The other query's result, when it came in first. */
  readonly pairResult?: QueryResult;
}

type AddressType = 'A' | 'AAAA';

/**
 * The resolver's settings: the node's own config by default (browser, curl). A program that
 * keeps no cache of its own, as nginx does for its startup lookups, passes caches off.
 */
export type ResolverSettings = Pick<BrowserConfig, 'hostCache' | 'osCache' | 'nameserver' | 'ipv6'>;

function settingsOf<S>(ctx: NodeContext<S>): ResolverSettings {
  return ctx.node.config as ResolverSettings;
}

/** What one query found: addresses (NOERROR), no such name, or no usable answer (SERVFAIL, silence). */
interface QueryResult {
  readonly rcode: 'NOERROR' | 'NXDOMAIN' | 'FAILED';
  readonly addresses: readonly string[];
  readonly ttl: number;
}

/** Where an address came from, for the page's story. */
export type HostSource = 'literal' | 'browser-cache' | 'os-cache' | 'dns';

/** The outcome of a lookup: an address, or Chromium's error code and what it means. */
export type HostLookup =
  | { readonly kind: 'resolved'; readonly address: string; readonly addresses?: readonly string[]; readonly source?: HostSource }
  | { readonly kind: 'failed'; readonly code: string; readonly explanation: string };

/** resolv.conf's defaults (man 5 resolv.conf): `timeout:5` seconds and `attempts:2`. */
export const STUB_TIMEOUT_MS = 5000;
export const STUB_ATTEMPTS = 2;

/** The stub resolver's retry timer. */
export interface StubTimeout {
  readonly type: 'dns-stub-timeout';
  readonly id: number;
}

type Outcome<W> = { readonly waiter: W; readonly host: string; readonly outcome: HostLookup };

/**
 * Chromium's DNS probe, after a failed lookup, sends its own queries to the system's resolver
 * and to a public one (Google's). In a run nothing beyond the canvas answers, so the public
 * probe finds no Internet: a resolver that fails gives DNS_PROBE_FINISHED_NO_INTERNET.
 */
function noInternet(host: string): HostLookup {
  return { kind: 'failed', code: 'DNS_PROBE_FINISHED_NO_INTERNET', explanation: `${host}'s DNS address could not be found: no DNS server answered.` };
}

function nxdomain(host: string): HostLookup {
  return { kind: 'failed', code: 'DNS_PROBE_FINISHED_NXDOMAIN', explanation: `${host}'s server IP address could not be found.` };
}

/**
 * Starts resolving `host` for `waiter`. Returns the outcome at once when it is known (an IP
 * literal, a cache hit, no resolver or no route to it), or 'pending' when a query went out:
 * onDnsPacket() (or onHostResolverTimer(), when the resolver stays silent) then hands the
 * waiter back with the outcome.
 */
export function lookUpHost<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, host: string, waiter: W, config: ResolverSettings = settingsOf(ctx)): HostLookup | 'pending' {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return { kind: 'resolved', address: host, addresses: [host], source: 'literal' };
  if (config.hostCache !== false) {
    const cached = ctx.state.dnsCache[host];
    if (cached && cached.expiresAt > ctx.now) {
      ctx.note(cached.hitNote);
      return { kind: 'resolved', address: cached.address, addresses: [cached.address], source: 'browser-cache' };
    }
  }
  if (config.osCache !== false) {
    const cached = ctx.state.osCache?.[host];
    if (cached && cached.expiresAt > ctx.now) {
      ctx.note(cached.hitNote);
      if (config.hostCache !== false) remember(ctx, 'dnsCache', host, cached.address, cached.expiresAt, 'browser');
      return { kind: 'resolved', address: cached.address, addresses: [cached.address], source: 'os-cache' };
    }
  }
  const nameserver = config.nameserver ?? ctx.world.neighbours(ctx.node.id, { kind: 'dns-resolver' })[0]?.address;
  if (!nameserver) {
    return { kind: 'failed', code: 'DNS_PROBE_FINISHED_NO_INTERNET', explanation: 'No DNS resolver is configured, so the name cannot be looked up.' };
  }
  let id = ctx.rng.int(0, 0xffff);
  // Two lookups at once (nginx's startup names) must not share an id: the answers would cross.
  while (ctx.state.lookups.has(id)) id = (id + 1) & 0xffff;
  const port = takePort(ctx);
  const routed = ctx.world.route(ctx.node.id, nameserver) !== undefined;
  const timer = routed && ctx.canLose(nameserver) ? armTimer(ctx, id, nameserver) : null;
  const pairId = config.ipv6 === true ? otherId(ctx, id) : undefined;
  const state = ctx.draft();
  state.lookups = tableSet(state.lookups, id, { host, waiter, nameserver, port, attempt: 1, timer, ...(pairId === undefined ? {} : { pair: pairId }) }, ctx.inPlace);
  ctx.send(nameserver, { transport: 'udp', srcPort: port, dstPort: DNS_PORT }, queryFor(id, host, 'A'));
  if (pairId !== undefined) {
    const pairTimer = routed && ctx.canLose(nameserver) ? armTimer(ctx, pairId, nameserver) : null;
    state.lookups = tableSet(state.lookups, pairId, { host, waiter, nameserver, port, attempt: 1, timer: pairTimer, type: 'AAAA', pair: id }, ctx.inPlace);
    ctx.send(nameserver, { transport: 'udp', srcPort: port, dstPort: DNS_PORT }, queryFor(pairId, host, 'AAAA'));
  }
  if (routed) return 'pending';
  // sendto() fails at once with "Network is unreachable": nothing will answer.
  state.lookups = tableDelete(ctx.state.lookups, id, ctx.inPlace);
  if (pairId !== undefined) state.lookups = tableDelete(ctx.state.lookups, pairId, ctx.inPlace);
  return noInternet(host);
}

/** A query id other than `id` and any still waiting, for the AAAA query beside an A. */
function otherId<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, id: number): number {
  let pair = ctx.rng.int(0, 0xffff);
  while (pair === id || ctx.state.lookups.has(pair)) pair = (pair + 1) & 0xffff;
  return pair;
}

function queryFor(id: number, host: string, type: AddressType): DnsPayload {
  return dnsQuery(id, host, type, true);
}

function armTimer<S>(ctx: NodeContext<S>, id: number, nameserver: string): number {
  const payload: StubTimeout = { type: 'dns-stub-timeout', id };
  return ctx.timer(STUB_TIMEOUT_MS, payload, `DNS query 0x${id.toString(16).padStart(4, '0')} to ${nameserver}: no answer in ${STUB_TIMEOUT_MS / 1000} s`);
}

/**
 * Handles the stub resolver's retry timer. Returns undefined when the payload is not one of its
 * timers; 'retried' when the query went out again (same id, as glibc resends it); the waiter
 * and DNS_PROBE_FINISHED_NO_INTERNET after the last attempt.
 */
export function onHostResolverTimer<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, payload: unknown, settings: ResolverSettings = settingsOf(ctx)): Outcome<W> | 'retried' | 'ignored' | undefined {
  const timeout = payload as StubTimeout | null;
  if (timeout?.type !== 'dns-stub-timeout') return undefined;
  const pending = ctx.state.lookups.get(timeout.id);
  if (!pending || pending.nameserver === undefined) return 'ignored';
  if ((pending.attempt ?? 1) >= STUB_ATTEMPTS) return settle(ctx, timeout.id, pending, UNANSWERED, settings) ?? 'ignored';
  const timer = armTimer(ctx, timeout.id, pending.nameserver);
  const state = ctx.draft();
  state.lookups = tableSet(state.lookups, timeout.id, { ...pending, attempt: (pending.attempt ?? 1) + 1, timer }, ctx.inPlace);
  ctx.send(pending.nameserver, { transport: 'udp', srcPort: pending.port ?? DNS_PORT, dstPort: DNS_PORT }, queryFor(timeout.id, pending.host, pending.type ?? 'A'));
  return 'retried';
}

const UNANSWERED: QueryResult = { rcode: 'FAILED', addresses: [], ttl: 0 };

/**
 * Handles a DNS answer: the waiter it was for and the outcome, or undefined if it answers
 * nothing we asked, or when it is half of an A + AAAA pair whose other half is still out.
 */
export function onDnsPacket<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, answer: DnsPayload, settings: ResolverSettings = settingsOf(ctx)): Outcome<W> | undefined {
  const pending = ctx.state.lookups.get(answer.id);
  if (!pending || !answer.response) return undefined;
  if (pending.timer !== undefined && pending.timer !== null) ctx.cancelTimer(pending.timer);
  const result: QueryResult =
    answer.rcode === 'NXDOMAIN' ? { rcode: 'NXDOMAIN', addresses: [], ttl: 0 } : answer.rcode === 'NOERROR' ? { rcode: 'NOERROR', ...addressesOf(answer, pending.host, pending.type ?? 'A') } : UNANSWERED;
  return settle(ctx, answer.id, pending, result, settings);
}

/**
 * One query is done. Alone, or second of its pair, it ends the lookup; first of a pair, it
 * leaves its result with the other query and the lookup waits on.
 */
function settle<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, id: number, pending: PendingLookup<W>, result: QueryResult, settings: ResolverSettings): Outcome<W> | undefined {
  const state = ctx.draft();
  state.lookups = tableDelete(state.lookups, id, ctx.inPlace);
  const other = pending.pair === undefined ? undefined : ctx.state.lookups.get(pending.pair);
  if (pending.pair !== undefined && other) {
    state.lookups = tableSet(state.lookups, pending.pair, { ...other, pairResult: result }, ctx.inPlace);
    return undefined;
  }
  const a = pending.type === 'AAAA' ? (pending.pairResult ?? UNANSWERED) : result;
  const aaaa = pending.type === 'AAAA' ? result : pending.pairResult;
  return { waiter: pending.waiter, host: pending.host, outcome: outcomeOf(ctx, pending.host, a, aaaa, settings) };
}

/** What the browser makes of the answers: the A records it connects to, or Chromium's error. */
function outcomeOf<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, host: string, a: QueryResult, aaaa: QueryResult | undefined, config: ResolverSettings): HostLookup {
  if (a.rcode === 'NXDOMAIN') return nxdomain(host);
  const ipv6 = aaaa?.addresses ?? [];
  const first = a.addresses[0];
  if (first === undefined && ipv6.length > 0) {
    return { kind: 'failed', code: 'ERR_ADDRESS_UNREACHABLE', explanation: `${host} has only IPv6 addresses (${ipv6.join(', ')}), and this network carries IPv4 only.` };
  }
  if (a.rcode === 'FAILED') return noInternet(host);
  // No address (NODATA): Chromium's probe finds the resolver working, so the name "does not exist".
  if (first === undefined) return nxdomain(host);
  const expiresAt = ctx.now + a.ttl * 1000;
  if (config.osCache !== false) remember(ctx, 'osCache', host, first, expiresAt, 'OS');
  if (config.hostCache !== false) {
    remember(ctx, 'dnsCache', host, first, expiresAt, 'browser');
    ctx.note(`DNS cache: ${host} is ${first} for ${a.ttl} s`);
  } else if (config.osCache !== false) {
    ctx.note(`DNS cache (OS): ${host} is ${first} for ${a.ttl} s`);
  }
  if (ipv6.length > 0) ctx.note(`${host} has IPv6 too (${ipv6.join(', ')}): the simulated network carries IPv4, so the browser connects to ${first}`);
  return { kind: 'resolved', address: first, addresses: a.addresses, source: 'dns' };
}

/**
 * The A (or AAAA) records an answer gives for `host`, after the CNAME chain in it, and the
 * smallest TTL on the way (a cached answer lives no longer than its shortest-lived record).
 */
export function addressesOf(answer: DnsPayload, host: string, type: AddressType = 'A'): { addresses: string[]; ttl: number } {
  let name = canonicalName(host);
  let ttl = Number.POSITIVE_INFINITY;
  for (let hops = 0; hops < 16; hops++) {
    const alias = answer.answers.find((record) => record.type === 'CNAME' && canonicalName(record.name) === name);
    if (!alias) break;
    ttl = Math.min(ttl, alias.ttl);
    name = canonicalName(alias.data);
  }
  const records = answer.answers.filter((record) => record.type === type && canonicalName(record.name) === name);
  for (const record of records) ttl = Math.min(ttl, record.ttl);
  return { addresses: records.map((record) => record.data), ttl: Number.isFinite(ttl) ? ttl : 0 };
}

function remember<W, S extends HasHostResolver<W>>(ctx: NodeContext<S>, which: 'dnsCache' | 'osCache', host: string, address: string, expiresAt: number, label: 'browser' | 'OS'): void {
  const entry: HostCacheEntry = { address, expiresAt, hitNote: `DNS cache hit (${label}): ${host} is ${address}` };
  const state = ctx.draft() as { dnsCache: Readonly<Record<string, HostCacheEntry>>; osCache?: Readonly<Record<string, HostCacheEntry>> };
  state[which] = recordSet(ctx.state[which] ?? {}, host, entry, ctx.inPlace);
}

/** The host caches as the node's status lists them. */
export function hostCacheSummary(state: HasHostResolver<unknown>): string {
  const cache = Object.entries(state.dnsCache).map(([name, entry]) => `${name} → ${entry.address}`);
  return cache.length ? cache.join(', ') : 'empty';
}

/** The OS's cache as a status line, for a browser whose own cache is off. */
export function osCacheSummary(state: HasHostResolver<unknown>): string {
  const cache = Object.entries(state.osCache ?? {}).map(([name, entry]) => `${name} → ${entry.address}`);
  return cache.length ? cache.join(', ') : 'empty';
}

import type { NodeContext } from '../../engine/simulator.ts';
import type { DnsPayload } from '../../engine/packet.ts';
import type { DnsQuestion, DnsRcode, DnsRecord } from '../../model/message.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { canonicalName, dnsQuery, dnsResponse, DNS_PORT, isAtOrBelow } from '../../protocols/dns.ts';
import { cached, cacheNegative, cacheRecords, withRemainingTtl, type DnsCache } from './cache.ts';

/**
 * Iterative resolution (RFC 1034 section 5.3.3), as a recursive resolver such as Unbound does
 * it: start at the closest zone whose servers the cache knows (else the root hints), ask without
 * recursion, follow referrals down, chase CNAMEs, cache everything, and answer the client.
 */

/** A client waiting for an answer: where to send it and the query it asked. */
export interface Client {
  readonly addr: string;
  readonly port: number;
  readonly query: DnsPayload;
}

/** One resolution in progress: the question, who waits, and where it has got to. */
export interface Resolution {
  readonly key: number;
  readonly question: DnsQuestion;
  readonly clients: readonly Client[];
  /** CNAME records met so far; the answer starts with them. */
  readonly chain: readonly DnsRecord[];
  /** The name being resolved now: the question's, or the end of the CNAME chain. */
  readonly name: string;
  /** The zone cut being asked and its servers' addresses. */
  readonly zone: string;
  readonly servers: readonly string[];
  readonly serverIndex: number;
  /** Sends of the current query to the current server, and the id and port of the last one. */
  readonly sends: number;
  readonly queryId: number;
  readonly port: number;
  readonly timer: number | null;
  /** Upstream queries so far: a guard against referral and CNAME loops. */
  readonly steps: number;
}

export interface IteratorState {
  readonly cache: DnsCache;
  readonly resolutions: Table<Resolution, number>;
  /** Upstream query id -> resolution key. */
  readonly upstream: Table<number, number>;
  readonly nextKey: number;
  readonly answered: number;
  readonly nxdomain: number;
  readonly servfail: number;
  readonly cacheHits: number;
  readonly upstreamQueries: number;
}

/** The resolver's timer: the query with this id went unanswered. */
export interface UpstreamTimeout {
  readonly type: 'dns-upstream-timeout';
  readonly key: number;
  readonly queryId: number;
}

/**
 * Unbound's retry figures: a server it has not measured gets a 376 ms timeout
 * (UNKNOWN_SERVER_NICENESS), doubled after each timeout; after 4 unanswered sends it tries
 * the zone's next server, and with none left it answers SERVFAIL. Timers run only on lossy
 * links, as TCP's do (tcp-endpoint.ts), so lossless runs have no timer events.
 */
export const INITIAL_TIMEOUT_MS = 376;
export const SENDS_PER_SERVER = 4;
const MAX_STEPS = 24;

type Ctx = NodeContext<IteratorState>;

/** Starts resolving a client's question, or joins a resolution of the same question in progress. */
export function startResolution(ctx: Ctx, client: Client, rootHints: readonly string[]): void {
  const question = client.query.question;
  for (const resolution of ctx.state.resolutions.values()) {
    if (canonicalName(resolution.question.name) === canonicalName(question.name) && resolution.question.type === question.type) {
      save(ctx, { ...resolution, clients: [...resolution.clients, client] });
      return;
    }
  }
  const state = ctx.draft();
  const key = ctx.state.nextKey;
  state.nextKey = key + 1;
  const resolution: Resolution = {
    key,
    question,
    clients: [client],
    chain: [],
    name: canonicalName(question.name),
    zone: '',
    servers: rootHints,
    serverIndex: 0,
    sends: 0,
    queryId: -1,
    port: 0,
    timer: null,
    steps: 0,
  };
  advance(ctx, resolution, rootHints, true);
}

/** Answers from the cache as far as it goes, then asks the closest known servers. */
function advance(ctx: Ctx, resolution: Resolution, rootHints: readonly string[], fromClient: boolean): void {
  let current = resolution;
  for (let hops = 0; hops < 16; hops++) {
    const name = current.name;
    const type = current.question.type;
    const missing = cached(ctx.state.cache, name, '*', ctx.now);
    if (missing && missing.kind !== 'records') return finish(ctx, current, 'NXDOMAIN', [withRemainingTtl([missing.soa], missing.expiresAt, ctx.now)[0]!], fromClient);
    const hit = cached(ctx.state.cache, name, type, ctx.now);
    if (hit?.kind === 'records') return finish(ctx, { ...current, chain: [...current.chain, ...withRemainingTtl(hit.records, hit.expiresAt, ctx.now)] }, 'NOERROR', [], fromClient);
    if (hit) return finish(ctx, current, 'NOERROR', [withRemainingTtl([hit.soa], hit.expiresAt, ctx.now)[0]!], fromClient);
    const alias = type === 'CNAME' ? undefined : cached(ctx.state.cache, name, 'CNAME', ctx.now);
    if (alias?.kind !== 'records') break;
    const cname = withRemainingTtl(alias.records, alias.expiresAt, ctx.now)[0]!;
    current = { ...current, chain: [...current.chain, cname], name: canonicalName(cname.data) };
  }
  const cut = closestKnownZone(ctx, current.name, rootHints);
  ask(ctx, { ...current, zone: cut.zone, servers: cut.servers, serverIndex: 0, sends: 0 });
}

/** The deepest zone above `name` whose NS records and their addresses are cached, else the root. */
function closestKnownZone(ctx: Ctx, name: string, rootHints: readonly string[]): { zone: string; servers: readonly string[] } {
  const labels = name === '' ? [] : name.split('.');
  for (let drop = 0; drop < labels.length; drop++) {
    const zone = labels.slice(drop).join('.');
    const servers = serversOf(ctx, zone);
    if (servers.length) return { zone, servers };
  }
  return { zone: '', servers: rootHints };
}

/** The cached addresses of a zone's name servers. */
function serversOf(ctx: Ctx, zone: string): string[] {
  const ns = cached(ctx.state.cache, zone, 'NS', ctx.now);
  if (ns?.kind !== 'records') return [];
  return ns.records.flatMap((record) => {
    const glue = cached(ctx.state.cache, record.data, 'A', ctx.now);
    return glue?.kind === 'records' ? glue.records.map((a) => a.data) : [];
  });
}

/** Sends the current question, without recursion, to the current server. */
function ask(ctx: Ctx, resolution: Resolution): void {
  const server = resolution.servers[resolution.serverIndex];
  if (server === undefined || resolution.steps >= MAX_STEPS) return finish(ctx, resolution, 'SERVFAIL', [], false);
  let id = ctx.rng.int(0, 0xffff);
  while (ctx.state.upstream.has(id)) id = (id + 1) & 0xffff;
  // Unbound sends each query from a random port (source port randomisation, RFC 5452).
  const port = ctx.rng.int(1024, 65535);
  const state = ctx.draft();
  if (resolution.queryId >= 0) state.upstream = tableDelete(state.upstream, resolution.queryId, ctx.inPlace);
  state.upstream = tableSet(state.upstream, id, resolution.key, ctx.inPlace);
  state.upstreamQueries = ctx.state.upstreamQueries + 1;
  const timeout = INITIAL_TIMEOUT_MS * 2 ** resolution.sends;
  const timer = ctx.canLose(server)
    ? ctx.timer(timeout, { type: 'dns-upstream-timeout', key: resolution.key, queryId: id } satisfies UpstreamTimeout, `DNS query 0x${id.toString(16).padStart(4, '0')} to ${server} unanswered after ${timeout} ms`)
    : null;
  save(ctx, { ...resolution, sends: resolution.sends + 1, queryId: id, port, timer, steps: resolution.steps + 1 });
  ctx.send(server, { transport: 'udp', srcPort: port, dstPort: DNS_PORT }, dnsQuery(id, resolution.name, resolution.question.type, false));
}

/** A timer fired: send again, try the next server, or give up with SERVFAIL. */
export function onUpstreamTimeout(ctx: Ctx, timeout: UpstreamTimeout): void {
  const resolution = ctx.state.resolutions.get(timeout.key);
  if (!resolution || resolution.queryId !== timeout.queryId) return;
  const cleared = { ...resolution, timer: null };
  if (resolution.sends < SENDS_PER_SERVER) return ask(ctx, cleared);
  ask(ctx, { ...cleared, serverIndex: resolution.serverIndex + 1, sends: 0 });
}

/** An upstream server answered: cache what it said, then finish, follow the referral or the CNAME. */
export function onUpstreamResponse(ctx: Ctx, response: DnsPayload, from: string, rootHints: readonly string[]): void {
  const key = ctx.state.upstream.get(response.id);
  const resolution = key === undefined ? undefined : ctx.state.resolutions.get(key);
  // RFC 5452: accept only an answer from the server asked, to the question asked.
  if (!resolution || resolution.servers[resolution.serverIndex] !== from || canonicalName(response.question.name) !== resolution.name) return;
  if (resolution.timer !== null) ctx.cancelTimer(resolution.timer);
  const state = ctx.draft();
  state.upstream = tableDelete(state.upstream, response.id, ctx.inPlace);
  const current: Resolution = { ...resolution, queryId: -1, timer: null };
  const { cache, stored } = cacheRecords(ctx.state.cache, [...response.answers, ...response.authority, ...response.additional], ctx.now, ctx.inPlace);
  state.cache = cache;
  if (stored.length) ctx.note(`Cached from ${from}: ${stored.join(', ')}`);

  if (response.rcode === 'SERVFAIL' || response.rcode === 'REFUSED' || response.rcode === 'FORMERR' || response.rcode === 'NOTIMP') {
    return ask(ctx, { ...current, serverIndex: current.serverIndex + 1, sends: 0 });
  }
  // The answer's CNAME chain from the name asked, as far as the response holds it.
  const type = current.question.type;
  let name = current.name;
  const chain = [...current.chain];
  for (let hops = 0; hops < 16; hops++) {
    const alias = type === 'CNAME' ? undefined : response.answers.find((record) => record.type === 'CNAME' && canonicalName(record.name) === name);
    if (!alias) break;
    chain.push(alias);
    name = canonicalName(alias.data);
  }
  const soa = response.authority.find((record) => record.type === 'SOA');
  if (response.rcode === 'NXDOMAIN') {
    if (soa) ctx.draft().cache = cacheNegative(ctx.state.cache, name, '*', soa, ctx.now, ctx.inPlace);
    return finish(ctx, { ...current, chain, name }, 'NXDOMAIN', soa ? [soa] : [], false);
  }
  const records = response.answers.filter((record) => record.type === type && canonicalName(record.name) === name);
  if (records.length) return finish(ctx, { ...current, chain: [...chain, ...records], name }, 'NOERROR', [], false);
  if (chain.length > current.chain.length) return advance(ctx, { ...current, chain, name }, rootHints, false);
  const ns = response.authority.filter((record) => record.type === 'NS');
  const cut = ns[0] ? canonicalName(ns[0].name) : undefined;
  // A referral must lead below the zone asked, or it goes round in circles (a lame delegation).
  if (!response.authoritative && cut !== undefined && cut !== current.zone && isAtOrBelow(cut, current.zone) && isAtOrBelow(name, cut)) {
    const servers = serversOf(ctx, cut);
    // Glue comes in the additional section; a delegation without it is not followed (docs/protocols/dns.md).
    return ask(ctx, { ...current, zone: cut, servers, serverIndex: 0, sends: 0 });
  }
  if (soa) {
    ctx.draft().cache = cacheNegative(ctx.state.cache, name, type, soa, ctx.now, ctx.inPlace);
    return finish(ctx, { ...current, chain, name }, 'NOERROR', [soa], false);
  }
  ask(ctx, { ...current, serverIndex: current.serverIndex + 1, sends: 0 });
}

function save(ctx: Ctx, resolution: Resolution): void {
  const state = ctx.draft();
  state.resolutions = tableSet(state.resolutions, resolution.key, resolution, ctx.inPlace);
}

/** Answers every waiting client with RA set and the whole CNAME chain, and forgets the resolution. */
function finish(ctx: Ctx, resolution: Resolution, rcode: DnsRcode, authority: readonly DnsRecord[], fromCache: boolean): void {
  const state = ctx.draft();
  state.resolutions = tableDelete(state.resolutions, resolution.key, ctx.inPlace);
  if (resolution.queryId >= 0) state.upstream = tableDelete(state.upstream, resolution.queryId, ctx.inPlace);
  if (resolution.timer !== null) ctx.cancelTimer(resolution.timer);
  state.answered = ctx.state.answered + resolution.clients.length;
  if (rcode === 'NXDOMAIN') state.nxdomain = ctx.state.nxdomain + resolution.clients.length;
  if (rcode === 'SERVFAIL') state.servfail = ctx.state.servfail + resolution.clients.length;
  if (fromCache) {
    state.cacheHits = ctx.state.cacheHits + 1;
    ctx.note(`Answered from cache: ${resolution.question.type} ${resolution.question.name}`);
  }
  if (rcode === 'SERVFAIL') ctx.note(`SERVFAIL for ${resolution.question.type} ${resolution.question.name}: no server answered`);
  for (const client of resolution.clients) {
    const answer = dnsResponse(client.query, { authoritative: false, recursionAvailable: true, rcode, answers: resolution.chain, authority, additional: [] });
    ctx.send(client.addr, { transport: 'udp', srcPort: DNS_PORT, dstPort: client.port }, answer);
  }
}

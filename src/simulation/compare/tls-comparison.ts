import type { TopologyDocument, TopologyNode } from '../model/topology.ts';
import type { TraceEvent } from '../model/trace.ts';
import { simulate } from '../engine/simulate.ts';

/**
 * The same https:// page loaded twice, once with nginx accepting only TLS 1.2 and once with
 * TLS 1.3 on offer, and the messages between the browser and nginx until the page arrives:
 * the two handshakes side by side, with the round trips each needs before the request.
 */

export type ComparedVersion = 'TLS 1.2' | 'TLS 1.3';

/** One message on the browser ↔ server hop. */
export interface LadderStep {
  readonly t: number;
  readonly direction: 'to-server' | 'to-browser';
  readonly protocol: string;
  readonly summary: string;
  /** Which round trip of the setup it belongs to (1 = TCP's), or null once the request is out. */
  readonly roundTrip: number | null;
}

export interface HandshakeLadder {
  readonly version: ComparedVersion;
  readonly steps: readonly LadderStep[];
  /** Round trips before the request can go: TCP's, then the TLS handshake's. */
  readonly tcpRoundTrips: number;
  readonly tlsRoundTrips: number;
  /** Virtual ms from the SYN to the request being sent, and to the response arriving. */
  readonly requestAfterMs: number;
  readonly responseAfterMs: number;
}

export interface TlsComparison {
  readonly url: string;
  readonly server: string;
  readonly ladders: readonly [HandshakeLadder, HandshakeLadder];
}

/** Why the topology cannot be compared, in a sentence, or the comparison. */
export type ComparisonResult = { readonly ok: true; readonly comparison: TlsComparison } | { readonly ok: false; readonly reason: string };

/** The most events one run may take: a page load is a few hundred. */
const MAX_EVENTS = 20_000;

export function compareTlsVersions(topology: TopologyDocument): ComparisonResult {
  const browser = topology.nodes.find((node) => node.kind === 'browser' && visitsOf(node).some((visit) => visit.url.startsWith('https://')));
  if (!browser) return { ok: false, reason: 'No browser here visits an https:// URL, so there is no TLS handshake to compare.' };
  const visit = visitsOf(browser).find((candidate) => candidate.url.startsWith('https://'))!;
  const servers = topology.nodes.filter((node) => node.kind === 'nginx' && serverBlocksOf(node).some((block) => block['ssl'] === true));
  if (servers.length === 0) return { ok: false, reason: 'No nginx here has a server block with ssl on, so nothing answers TLS.' };
  const ladders = (['TLS 1.2', 'TLS 1.3'] as const).map((version) => {
    const variant = withVersion(topology, browser.id, { ...visit, atMs: 0 }, version);
    const events: TraceEvent[] = [];
    simulate(variant, { onEvent: (event) => events.push(event), maxEvents: MAX_EVENTS });
    return ladderOf(events, browser.id, version);
  });
  const [tls12, tls13] = ladders;
  if (!tls12 || !tls13) return { ok: false, reason: `The page at ${visit.url} did not load over TLS in both runs: run it and look at the Browser tab for why.` };
  return { ok: true, comparison: { url: visit.url, server: tls13.server, ladders: [tls12.ladder, tls13.ladder] } };
}

type Visit = { readonly url: string; readonly atMs?: number };

function visitsOf(node: TopologyNode): readonly Visit[] {
  return (node.config['visits'] as readonly Visit[] | undefined) ?? [];
}

function serverBlocksOf(node: TopologyNode): readonly Record<string, unknown>[] {
  return (node.config['servers'] as readonly Record<string, unknown>[] | undefined) ?? [];
}

/** The topology with one visit, and every nginx TLS server block offering only 1.2, or 1.2 and 1.3. */
function withVersion(topology: TopologyDocument, browserId: string, visit: Visit, version: ComparedVersion): TopologyDocument {
  const protocols = version === 'TLS 1.2' ? ['TLSv1.2'] : ['TLSv1.2', 'TLSv1.3'];
  return {
    ...topology,
    nodes: topology.nodes.map((node) => {
      if (node.id === browserId) return { ...node, config: { ...node.config, visits: [visit] } };
      if (node.kind !== 'nginx') return node;
      const servers = serverBlocksOf(node).map((block) => (block['ssl'] === true ? { ...block, ssl_protocols: protocols } : block));
      return { ...node, config: { ...node.config, servers } };
    }),
  };
}

/**
 * The browser's messages with the server it connects to, from its SYN until the response
 * arrives. Bare ACKs are left out: they never make anyone wait. A round trip ends each time
 * the browser receives a flight it had to wait for.
 */
function ladderOf(events: readonly TraceEvent[], browserId: string, version: ComparedVersion): { ladder: HandshakeLadder; server: string } | undefined {
  const syn = events.find((e) => e.type === 'send' && e.from === browserId && e.protocol === 'tcp' && e.summary.includes('[SYN]'));
  if (!syn) return undefined;
  const server = syn.to;
  const hop = events.filter((e) => e.type === 'send' && e.seq >= syn.seq && ((e.from === browserId && e.to === server) || (e.from === server && e.to === browserId)));
  const request = hop.find((e) => e.from === browserId && e.protocol === 'tls' && e.summary.startsWith('Application Data'));
  const response = request && hop.find((e) => e.seq > request.seq && e.from === server && e.protocol === 'tls' && e.summary.startsWith('Application Data'));
  if (!request || !response) return undefined;
  const arrival = events.find((e) => e.type === 'deliver' && e.cause === response.seq);
  const steps: LadderStep[] = [];
  let roundTrip = 1;
  let tcpRoundTrips = 0;
  let tlsRoundTrips = 0;
  let lastDirection: LadderStep['direction'] = 'to-server';
  for (const event of hop) {
    if (event.seq > response.seq) break;
    if (event.protocol === 'tcp' && isBareAck(event.summary)) continue;
    const direction = event.from === browserId ? 'to-server' : 'to-browser';
    // What the browser sends together with the request (TLS 1.3's Finished) waits for nothing.
    const beforeRequest = event.seq < request.seq && !(direction === 'to-server' && event.t === request.t);
    // A flight to the browser, after the browser spoke, ends a round trip of the setup.
    if (beforeRequest && direction === 'to-browser' && lastDirection === 'to-server') {
      if (event.protocol === 'tcp') tcpRoundTrips++;
      else tlsRoundTrips++;
    }
    if (beforeRequest && direction === 'to-server' && lastDirection === 'to-browser') roundTrip++;
    steps.push({ t: event.t, direction, protocol: event.protocol ?? 'tcp', summary: event.summary, roundTrip: beforeRequest ? roundTrip : null });
    lastDirection = direction;
  }
  return {
    server,
    ladder: { version, steps, tcpRoundTrips, tlsRoundTrips, requestAfterMs: request.t - syn.t, responseAfterMs: (arrival?.t ?? response.t) - syn.t },
  };
}

/** A segment that only acknowledges: no data, no SYN, no FIN. */
function isBareAck(summary: string): boolean {
  return /\[ACK\]/.test(summary) && /Len=0$/.test(summary);
}

import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { DnsRecord } from '../../model/message.ts';
import type { NodeStatus } from '../../model/status.ts';
import type { World } from '../../engine/world.ts';
import { canonicalName, dnsResponse } from '../../protocols/dns.ts';
import { orderedRecords, type HasRotations } from '../dns-server/rrset-order.ts';
import type { DnsResolverConfig } from './config.ts';
import { onUpstreamResponse, onUpstreamTimeout, startResolution, type IteratorState, type UpstreamTimeout } from './iterate.ts';

export interface DnsResolverState extends IteratorState, HasRotations {
  readonly lastQuestion: string | null;
}

/**
 * A recursive resolver. Local records (dnsmasq's addn-hosts) are answered at once, rotated as
 * dnsmasq rotates them; any other name is resolved iteratively from the root hints (iterate.ts)
 * and cached. A resolver with no root to start from answers NXDOMAIN for names it does not hold,
 * as Stackscope's first resolver did. It answers from port 53 to the asking port.
 */
export const dnsResolverBehaviour: Behaviour<DnsResolverState> = {
  init() {
    return {
      answered: 0,
      nxdomain: 0,
      servfail: 0,
      cacheHits: 0,
      upstreamQueries: 0,
      lastQuestion: null,
      rotations: new Map(),
      cache: new Map(),
      resolutions: new Map(),
      upstream: new Map(),
      nextKey: 1,
    };
  },

  onTimer(ctx, payload) {
    if ((payload as UpstreamTimeout).type === 'dns-upstream-timeout') onUpstreamTimeout(ctx, payload as UpstreamTimeout);
  },

  onPacket(ctx, packet) {
    const message = packet.app;
    const transport = packet.transport;
    if (message?.protocol !== 'dns' || transport?.transport !== 'udp') return;
    const config = ctx.node.config as DnsResolverConfig;
    if (message.response) {
      onUpstreamResponse(ctx, message, packet.srcAddr, rootHintsOf(ctx.world, ctx.node.id, config));
      return;
    }
    ctx.draft().lastQuestion = `${message.question.type} ${message.question.name}`;
    const local = localAnswer(ctx, config, message.question.name);
    const rootHints = rootHintsOf(ctx.world, ctx.node.id, config);
    if (local || rootHints.length === 0) {
      const answers = message.question.type === 'A' ? (local ?? []) : [];
      const rcode = local ? 'NOERROR' : 'NXDOMAIN';
      const state = ctx.draft();
      state.answered = ctx.state.answered + 1;
      if (!local) state.nxdomain = ctx.state.nxdomain + 1;
      const response = dnsResponse(message, { authoritative: false, recursionAvailable: true, rcode, answers, authority: [], additional: [] });
      ctx.send(packet.srcAddr, { transport: 'udp', srcPort: transport.dstPort, dstPort: transport.srcPort }, response);
      return;
    }
    startResolution(ctx, { addr: packet.srcAddr, port: transport.srcPort, query: message }, rootHints);
  },
};

/** The local records for a name, in the configured order, or undefined when it has none. */
function localAnswer(ctx: NodeContext<DnsResolverState>, config: DnsResolverConfig, question: string): readonly DnsRecord[] | undefined {
  const name = canonicalName(question);
  const records = localRecords(config).get(name);
  if (!records) return undefined;
  // The answer carries the name as asked (dnsmasq echoes the question's spelling).
  const asked = records.map((record) => (record.name === question ? record : { ...record, name: question }));
  return orderedRecords(ctx, config.order ?? 'rotate', asked);
}

const localByConfig = new WeakMap<DnsResolverConfig, ReadonlyMap<string, readonly DnsRecord[]>>();

/** The local records by canonical name, built once per config. */
function localRecords(config: DnsResolverConfig): ReadonlyMap<string, readonly DnsRecord[]> {
  let byName = localByConfig.get(config);
  if (!byName) {
    const map = new Map<string, DnsRecord[]>();
    for (const record of config.records) {
      const name = canonicalName(record.name);
      map.set(name, [...(map.get(name) ?? []), { name, type: 'A', class: 'IN', ttl: record.ttl, data: record.address }]);
    }
    byName = map;
    localByConfig.set(config, byName);
  }
  return byName;
}

const hintsByConfig = new WeakMap<DnsResolverConfig, readonly string[]>();

/**
 * Where iteration starts: the configured root hints, else the linked DNS servers that are
 * authoritative for "." (worked out once per config: the world does not change during a run).
 */
export function rootHintsOf(world: World, nodeId: string, config: DnsResolverConfig): readonly string[] {
  let hints = hintsByConfig.get(config);
  if (!hints) {
    hints = config.rootHints?.length
      ? config.rootHints
      : world
          .neighbours(nodeId, { kind: 'dns-server', linkKind: 'network' })
          .filter((node) => canonicalName(String(node.config['zone'] ?? '.')) === '' && node.address)
          .map((node) => node.address!);
    hintsByConfig.set(config, hints);
  }
  return hints;
}

export function dnsResolverStatus(state: DnsResolverState, config: DnsResolverConfig): NodeStatus {
  const live = [...state.cache.values()].length;
  return {
    headline: state.lastQuestion ? `Last query: ${state.lastQuestion}` : `${config.records.length} record${config.records.length === 1 ? '' : 's'} in zone`,
    details: [
      { label: 'Queries answered', value: String(state.answered) },
      { label: 'NXDOMAIN', value: String(state.nxdomain) },
      { label: 'SERVFAIL', value: String(state.servfail) },
      { label: 'Answered from cache', value: String(state.cacheHits) },
      { label: 'Queries to other servers', value: String(state.upstreamQueries) },
      { label: 'Cached record sets', value: String(live) },
    ],
    active: state.resolutions.size > 0,
  };
}

import type { Behaviour } from '../../engine/simulator.ts';
import type { DnsPayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import type { DnsResolverConfig } from './config.ts';

export interface DnsResolverState {
  readonly answered: number;
  readonly nxdomain: number;
  readonly lastQuestion: string | null;
}

/**
 * A resolver that answers A records from its own zone and NXDOMAIN for anything else
 * (no recursion yet: docs/nodes/dns-resolver.md). It answers from port 53 to the asking port.
 */
export const dnsResolverBehaviour: Behaviour<DnsResolverState> = {
  init() {
    return { answered: 0, nxdomain: 0, lastQuestion: null };
  },

  onTimer() {},

  onPacket(ctx, packet) {
    const query = packet.app;
    const transport = packet.transport;
    if (query?.protocol !== 'dns' || query.response || transport?.transport !== 'udp') return;
    const config = ctx.node.config as DnsResolverConfig;
    const name = query.question.name.replace(/\.$/, '').toLowerCase();
    const answers = config.records
      .filter((record) => record.name.replace(/\.$/, '').toLowerCase() === name)
      .map((record) => ({ name: query.question.name, type: 'A' as const, class: 'IN' as const, ttl: record.ttl, address: record.address }));
    const response: DnsPayload = {
      ...query,
      response: true,
      recursionAvailable: true,
      rcode: answers.length ? 'NOERROR' : 'NXDOMAIN',
      answers,
    };
    ctx.setState({
      answered: ctx.state.answered + 1,
      nxdomain: ctx.state.nxdomain + (answers.length ? 0 : 1),
      lastQuestion: `${query.question.type} ${query.question.name}`,
    });
    ctx.send(packet.srcAddr, { transport: 'udp', srcPort: transport.dstPort, dstPort: transport.srcPort }, response);
  },
};

export function dnsResolverStatus(state: DnsResolverState, config: DnsResolverConfig): NodeStatus {
  return {
    headline: state.lastQuestion ? `Last query: ${state.lastQuestion}` : `${config.records.length} record${config.records.length === 1 ? '' : 's'} in zone`,
    details: [
      { label: 'Queries answered', value: String(state.answered) },
      { label: 'NXDOMAIN', value: String(state.nxdomain) },
    ],
    active: false,
  };
}

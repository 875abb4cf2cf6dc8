import type { Behaviour } from '../../engine/simulator.ts';
import type { NodeStatus } from '../../model/status.ts';
import type { Table } from '../../engine/table.ts';
import { dnsResponse } from '../../protocols/dns.ts';
import { orderedRecords } from './rrset-order.ts';
import type { DnsServerConfig } from './config.ts';
import { answerFromZone, zoneOf } from './zone.ts';

export interface DnsServerState {
  readonly answered: number;
  readonly referrals: number;
  readonly nxdomain: number;
  /** How many times each name's record set has been answered, for the rotation. */
  readonly rotations: Table<number>;
  readonly lastQuestion: string | null;
}

/**
 * An authoritative name server (BIND or NSD serving one zone): it answers from its zone with
 * AA, refers to a child zone's servers, and says NXDOMAIN with the zone's SOA. It never
 * recurses. It answers at the moment the query arrives.
 */
export const dnsServerBehaviour: Behaviour<DnsServerState> = {
  init() {
    return { answered: 0, referrals: 0, nxdomain: 0, rotations: new Map(), lastQuestion: null };
  },
  onTimer() {},
  onPacket(ctx, packet) {
    const query = packet.app;
    const transport = packet.transport;
    if (query?.protocol !== 'dns' || query.response || transport?.transport !== 'udp') return;
    const config = ctx.node.config as DnsServerConfig;
    const reply = answerFromZone(zoneOf(config), query.question, (records) => orderedRecords(ctx, config.order, records));
    const referral = !reply.authoritative && reply.authority.some((record) => record.type === 'NS');
    const state = ctx.draft();
    state.answered = ctx.state.answered + 1;
    if (referral) state.referrals = ctx.state.referrals + 1;
    if (reply.rcode === 'NXDOMAIN') state.nxdomain = ctx.state.nxdomain + 1;
    state.lastQuestion = `${query.question.type} ${query.question.name}`;
    ctx.send(packet.srcAddr, { transport: 'udp', srcPort: transport.dstPort, dstPort: transport.srcPort }, dnsResponse(query, reply));
  },
};

/** The node's status; without its config (an older caller), the zone is not named. */
export function dnsServerStatus(state: DnsServerState, config?: DnsServerConfig): NodeStatus {
  const zone = config ? (config.zone === '.' ? '.' : `${config.zone.replace(/\.$/, '')}.`) : undefined;
  return {
    headline: state.lastQuestion ? `Last query: ${state.lastQuestion}` : zone ? `Authoritative for ${zone === '.' ? 'the root zone' : zone}` : 'Authoritative name server',
    details: [
      ...(config && zone ? [{ label: 'Zone', value: zone }, { label: 'Records', value: String(config.records.length) }] : []),
      { label: 'Queries answered', value: String(state.answered) },
      { label: 'Referrals', value: String(state.referrals) },
      { label: 'NXDOMAIN', value: String(state.nxdomain) },
    ],
    active: false,
  };
}

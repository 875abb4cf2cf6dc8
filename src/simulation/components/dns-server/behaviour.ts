import type { Behaviour } from '../../engine/simulator.ts';
import type { NodeStatus } from '../../model/status.ts';

export interface DnsServerState {
  readonly answered: number;
}

export const dnsServerBehaviour: Behaviour<DnsServerState> = {
  init() {
    return { answered: 0 };
  },
  onTimer() {},
  onPacket() {},
};

export function dnsServerStatus(state: DnsServerState): NodeStatus {
  return { headline: 'Authoritative name server', details: [{ label: 'Queries answered', value: String(state.answered) }], active: false };
}

import type { Behaviour } from '../../engine/simulator.ts';
import type { NodeStatus } from '../../model/status.ts';

export interface RedisState {
  readonly commands: number;
}

export const redisBehaviour: Behaviour<RedisState> = {
  init() {
    return { commands: 0 };
  },
  onTimer() {},
  onPacket() {},
};

export function redisStatus(state: RedisState): NodeStatus {
  return { headline: 'Ready', details: [{ label: 'Commands', value: String(state.commands) }], active: false };
}

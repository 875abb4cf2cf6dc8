import type { Behaviour } from '../../engine/simulator.ts';
import type { NodeStatus } from '../../model/status.ts';
import { redisSummary } from '../../protocols/redis.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { RedisConfig } from './config.ts';
import { execute, type RedisKeys } from './store.ts';

export interface RedisState extends HasTcp {
  readonly keys: RedisKeys;
  readonly running: number;
  readonly commands: number;
}

/** A command waiting for its latency to pass. */
interface CommandDue {
  readonly connId: string;
  readonly args: readonly string[];
}

const tcpHandlers: TcpHandlers<RedisState> = {
  listening: (ctx, port) => port === (ctx.node.config as RedisConfig).port,
  onData: (ctx, connId, app) => {
    if (app?.protocol !== 'redis' || app.kind !== 'command') return;
    const config = ctx.node.config as RedisConfig;
    const state = ctx.draft();
    state.running = state.running + 1;
    ctx.timer(config.commandLatencyMs, { connId, args: app.args } satisfies CommandDue, `Redis runs ${redisSummary(app)}`);
  },
  onPeerClosed: (ctx, connId) => tcpClose(ctx, connId),
};

/**
 * A Redis server: one command at a time per connection, answered after `commandLatencyMs`.
 * Keys keep their expiry in virtual time and expire lazily, when a command touches them.
 */
export const redisBehaviour: Behaviour<RedisState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), keys: new Map(), running: 0, commands: 0 };
  },

  onPacket(ctx, packet) {
    tcpReceive(ctx, packet, tcpHandlers);
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const due = payload as CommandDue;
    const executed = execute(ctx.state.keys, due.args, ctx.now, ctx.inPlace);
    const state = ctx.draft();
    state.keys = executed.keys;
    state.running = state.running - 1;
    state.commands = state.commands + 1;
    tcpSend(ctx, due.connId, { protocol: 'redis', kind: 'reply', reply: executed.reply });
  },
};

function expiry(expiresAt: number | null): string {
  return expiresAt === null ? 'no expiry' : `expires at t=${expiresAt} ms`;
}

/** The node's status; the registry passes only the state today, so the port line needs the config when given. */
export function redisStatus(state: RedisState, config?: RedisConfig): NodeStatus {
  const keys = [...state.keys.entries()];
  return {
    headline: state.running ? `Running ${state.running} command${state.running === 1 ? '' : 's'}` : `${keys.length} key${keys.length === 1 ? '' : 's'}`,
    details: [
      ...(config ? [{ label: 'Listening', value: `0.0.0.0:${config.port}` }] : []),
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'Commands processed', value: String(state.commands) },
      ...keys.map(([key, entry]) => ({ label: key, value: `${entry.value} (${expiry(entry.expiresAt)})` })),
    ],
    active: state.running > 0,
  };
}

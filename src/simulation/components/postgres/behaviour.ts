import type { Behaviour } from '../../engine/simulator.ts';
import type { NodeStatus } from '../../model/status.ts';
import { executeQuery } from '../../protocols/sql.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, type HasTcp } from '../tcp-endpoint.ts';
import type { PostgresConfig } from './config.ts';

export interface PostgresState extends HasTcp {
  readonly running: number;
  readonly executed: number;
}

interface QueryDone {
  readonly connId: string;
  readonly query: string;
}

/** A PostgreSQL server: each query is answered after the configured latency. */
export const postgresBehaviour: Behaviour<PostgresState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), running: 0, executed: 0 };
  },

  onPacket(ctx, packet) {
    const config = ctx.node.config as PostgresConfig;
    tcpReceive(ctx, packet, {
      listening: (port) => port === config.port,
      onData: (connId, app) => {
        if (app?.protocol !== 'sql' || app.kind !== 'query') return;
        ctx.setState({ ...ctx.state, running: ctx.state.running + 1 });
        ctx.timer(config.queryLatencyMs, { connId, query: app.query } satisfies QueryDone, `Query executed in ${config.queryLatencyMs} ms`);
      },
      onPeerClosed: (connId) => tcpClose(ctx, connId),
    });
  },

  onTimer(ctx, payload) {
    const done = payload as QueryDone;
    const result = executeQuery(ctx.node.config as PostgresConfig, done.query);
    ctx.setState({ ...ctx.state, running: ctx.state.running - 1, executed: ctx.state.executed + 1 });
    tcpSend(ctx, done.connId, result);
  },
};

export function postgresStatus(state: PostgresState, config: PostgresConfig): NodeStatus {
  return {
    headline: state.running ? `Running ${state.running} quer${state.running === 1 ? 'y' : 'ies'}` : `Listening on :${config.port}`,
    details: [
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'Queries executed', value: String(state.executed) },
    ],
    active: state.running > 0,
  };
}

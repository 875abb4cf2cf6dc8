import type { Behaviour } from '../../engine/simulator.ts';
import type { NodeStatus } from '../../model/status.ts';
import { executeQuery } from '../../protocols/sql.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { SqlResultPayload } from '../../engine/packet.ts';
import type { PostgresConfig } from './config.ts';
import { innerMap } from '../../engine/memo.ts';

export interface PostgresState extends HasTcp {
  readonly running: number;
  readonly executed: number;
}

interface QueryDone {
  readonly connId: string;
  readonly query: string;
}

const tcpHandlers: TcpHandlers<PostgresState> = {
  listening: (ctx, port) => port === (ctx.node.config as PostgresConfig).port,
  onData: (ctx, connId, app) => {
    if (app?.protocol !== 'sql' || app.kind !== 'query') return;
    const config = ctx.node.config as PostgresConfig;
    const state = ctx.draft();
    state.running = state.running + 1;
    ctx.timer(config.queryLatencyMs, { connId, query: app.query } satisfies QueryDone, executedNote(config.queryLatencyMs));
  },
  onPeerClosed: (ctx, connId) => tcpClose(ctx, connId),
};

/** "Query executed in 3 ms": one text per latency. */
function executedNote(latencyMs: number): string {
  let note = executedNotes.get(latencyMs);
  if (note === undefined) {
    note = `Query executed in ${latencyMs} ms`;
    executedNotes.set(latencyMs, note);
  }
  return note;
}

const executedNotes = new Map<number, string>();

/**
 * The result of a query on a node's tables. The tables do not change during a run and a
 * result is read-only, so each distinct query is run once per configuration and shared.
 */
function resultOf(config: PostgresConfig, query: string): SqlResultPayload {
  const byQuery = innerMap(results, config);
  let result = byQuery.get(query);
  if (!result) {
    if (byQuery.size >= 1024) byQuery.clear();
    result = executeQuery(config, query);
    byQuery.set(query, result);
  }
  return result;
}

const results = new WeakMap<PostgresConfig, Map<string, SqlResultPayload>>();

/** A PostgreSQL server: each query is answered after the configured latency. */
export const postgresBehaviour: Behaviour<PostgresState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), running: 0, executed: 0 };
  },

  onPacket(ctx, packet) {
    tcpReceive(ctx, packet, tcpHandlers);
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const done = payload as QueryDone;
    const result = resultOf(ctx.node.config as PostgresConfig, done.query);
    const state = ctx.draft();
    state.running = state.running - 1;
    state.executed = state.executed + 1;
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

import type { Behaviour } from '../../engine/simulator.ts';
import { tableDelete, tableSet } from '../../engine/table.ts';
import type { Packet, TcpSegment } from '../../engine/packet.ts';
import { ACK, SYN } from '../../protocols/tcp.ts';
import { newTcpTable, tcpReceive, tcpTimer, type TcpHandlers } from '../tcp-endpoint.ts';
import { arbiter, type ArbiterTimer } from './arbiter.ts';
import { SOMAXCONN, workerClass, type GunicornConfig } from './config.ts';
import { startupLog } from './logs.ts';
import { finishRequest, keepAliveExpired, peerClosed, requestArrived, type KeepAliveTimer } from './serve.ts';
import { configOf, type Ctx, type GunicornState, type Worker } from './state.ts';

export { gunicornStatus } from './status.ts';
export type { GunicornState, Worker } from './state.ts';

const tcpHandlers: TcpHandlers<GunicornState> = {
  listening: (ctx, port) => port === configOf(ctx).port,
  onData: (ctx, connId, app) => {
    if (app?.protocol !== 'http' || app.kind !== 'request') return;
    requestArrived(ctx, connId, app);
  },
  onPeerClosed: peerClosed,
  onReset: (ctx, conn) => forget(ctx, conn.id),
  onTimedOut: (ctx, conn) => forget(ctx, conn.id),
};

/** A connection that died before any worker took it leaves the listen queue. */
function forget(ctx: Ctx, connId: string): void {
  if (!ctx.state.queued.has(connId)) return;
  const state = ctx.draft();
  state.queued = tableDelete(state.queued, connId, ctx.inPlace);
}

/**
 * Gunicorn 20.1: a master process (the arbiter) and --workers pre-forked worker processes.
 * A sync worker handles one request at a time; with --threads above 1 (or --worker-class
 * gthread) each worker runs that many at once. A request that finds every thread busy waits
 * in the listen backlog (it is not refused), as ../shared/reference/gunicorn-concurrency.json
 * shows; only a full listen queue drops new SYNs, as Linux does.
 */
export const gunicornBehaviour: Behaviour<GunicornState> = {
  init(node, setup) {
    const config = node.config as GunicornConfig;
    const masterPid = setup.rng.int(1000, 30000);
    const workers: Worker[] = Array.from({ length: config.workers }, (_, index) => ({
      index: index + 1,
      pid: masterPid + index + 1,
      state: 'idle',
      slots: [],
      timer: -1,
    }));
    return {
      tcp: newTcpTable(setup.rng),
      masterPid,
      workers,
      backlog: [],
      queued: new Map(),
      requests: new Map(),
      kept: new Map(),
      nextCallId: 1,
      served: 0,
      nextPid: masterPid + config.workers + 1,
      timeouts: 0,
      overflows: 0,
      errorLog: startupLog(masterPid, config.port, workerClass(config), workers.map((worker) => worker.pid)),
      accessLog: [],
    };
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const timer = payload as ArbiterTimer | KeepAliveTimer;
    if (timer.type === 'keepalive') keepAliveExpired(ctx, timer);
    else arbiter(ctx, timer);
  },

  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'wsgi' && packet.app.kind === 'response') {
      finishRequest(ctx, packet.app);
      return;
    }
    const syn = newSyn(ctx, packet);
    if (syn && listenQueueFull(ctx, packet, syn)) return;
    tcpReceive(ctx, packet, tcpHandlers);
    if (syn && ctx.state.tcp.conns.has(syn.key)) {
      // Queued from its SYN: a connection counts against the backlog until a worker takes it.
      const state = ctx.draft();
      state.queued = tableSet(state.queued, syn.key, true, ctx.inPlace);
    }
  },
};

/** The segment, if it opens a new connection to the port Gunicorn listens on. */
function newSyn(ctx: Ctx, packet: Packet): TcpSegment | null {
  const segment = packet.transport as TcpSegment;
  if (segment.transport !== 'tcp' || (segment.bits & (SYN | ACK)) !== SYN || segment.dstPort !== configOf(ctx).port) return null;
  return ctx.state.tcp.conns.has(segment.key) ? null : segment;
}

/**
 * A new SYN while the listen queue is full is dropped, as Linux does (tcp_conn_request:
 * "SYN dropped" when the accept queue holds more than the backlog); the client's TCP sends it
 * again later. Queued connections are those no worker thread has taken; a gthread worker
 * accepts up to --worker-connections connections itself, so those do not count.
 */
function listenQueueFull(ctx: Ctx, packet: Packet, segment: TcpSegment): boolean {
  const config = configOf(ctx);
  const state = ctx.state;
  let waiting = state.queued.size;
  if (workerClass(config) === 'gthread') {
    const live = state.workers.filter((worker) => worker.state === 'idle' || worker.state === 'busy').length;
    const held = state.workers.reduce((sum, worker) => sum + worker.slots.length, 0) + state.kept.size;
    waiting = Math.max(0, waiting - Math.max(0, live * config.worker_connections - held));
  }
  const limit = Math.min(config.backlog, SOMAXCONN);
  if (waiting <= limit) return false;
  ctx.draft().overflows = state.overflows + 1;
  ctx.note(`SYN from ${packet.srcAddr}:${segment.srcPort} dropped: the listen queue is full (${waiting} waiting, backlog ${limit})`);
  return true;
}

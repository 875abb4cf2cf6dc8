import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload, WsgiCallPayload, WsgiResponsePayload } from '../../engine/packet.ts';
import type { NodeStatus, WorkerStatus } from '../../model/status.ts';
import { httpDate, reasonPhrase, requestLine } from '../../protocols/http.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, type HasTcp } from '../tcp-endpoint.ts';
import type { GunicornConfig } from './config.ts';

export interface Worker {
  readonly index: number;
  readonly pid: number;
  readonly state: 'idle' | 'busy';
  readonly connId: string | null;
  readonly request: string | null;
  /** The WSGI call this worker waits on, so the framework's answer finds it. */
  readonly callId: number | null;
}

export interface GunicornState extends HasTcp {
  readonly masterPid: number;
  readonly workers: readonly Worker[];
  /** Connections whose request has arrived but that no worker has accepted yet, oldest first. */
  readonly backlog: readonly string[];
  readonly requests: Readonly<Record<string, HttpRequestPayload>>;
  readonly nextCallId: number;
  readonly served: number;
}

type Ctx = NodeContext<GunicornState>;

/**
 * Gunicorn with sync workers: a master process and --workers pre-forked processes, each
 * handling one request at a time. A request that finds every worker busy waits in the listen
 * backlog (it is not refused), as ../shared/reference/gunicorn-concurrency.json shows.
 */
export const gunicornBehaviour: Behaviour<GunicornState> = {
  init(node, setup) {
    const config = node.config as GunicornConfig;
    const masterPid = setup.rng.int(1000, 30000);
    const workers: Worker[] = Array.from({ length: config.workers }, (_, index) => ({
      index: index + 1,
      pid: masterPid + index + 1,
      state: 'idle',
      connId: null,
      request: null,
      callId: null,
    }));
    return { tcp: newTcpTable(setup.rng), masterPid, workers, backlog: [], requests: {}, nextCallId: 1, served: 0 };
  },

  onTimer() {},

  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'wsgi' && packet.app.kind === 'response') {
      finishRequest(ctx, packet.app);
      return;
    }
    const config = ctx.node.config as GunicornConfig;
    tcpReceive(ctx, packet, {
      listening: (port) => port === config.port,
      onData: (connId, app) => {
        if (app?.protocol !== 'http' || app.kind !== 'request') return;
        ctx.setState({ ...ctx.state, requests: { ...ctx.state.requests, [connId]: app } });
        const idle = ctx.state.workers.find((worker) => worker.state === 'idle');
        if (idle) startRequest(ctx, idle, connId);
        else {
          ctx.setState({ ...ctx.state, backlog: [...ctx.state.backlog, connId] });
          ctx.note(`All ${ctx.state.workers.length} workers busy: ${requestLine(app)} waits in the backlog (${ctx.state.backlog.length} waiting)`);
        }
      },
      onPeerClosed: (connId) => tcpClose(ctx, connId),
    });
  },
};

function replaceWorker(ctx: Ctx, worker: Worker): void {
  ctx.setState({ ...ctx.state, workers: ctx.state.workers.map((candidate) => (candidate.index === worker.index ? worker : candidate)) });
}

function startRequest(ctx: Ctx, worker: Worker, connId: string): void {
  const request = ctx.state.requests[connId]!;
  const conn = ctx.state.tcp.conns.get(connId);
  const config = ctx.node.config as GunicornConfig;
  const callId = ctx.state.nextCallId;
  ctx.setState({ ...ctx.state, nextCallId: callId + 1 });
  replaceWorker(ctx, { ...worker, state: 'busy', connId, request: requestLine(request), callId });
  ctx.note(`Worker ${worker.index} (pid ${worker.pid}) busy: ${requestLine(request)}`);
  const app = ctx.world.neighbours(ctx.node.id, { kind: 'flask', linkKind: 'in-process' })[0];
  if (!app) {
    respond(ctx, connId, { protocol: 'wsgi', kind: 'response', callId, status: '500 Internal Server Error', headers: [['Content-Type', 'text/html']], body: 'Failed to find application object' });
    return;
  }
  const call: WsgiCallPayload = {
    protocol: 'wsgi',
    kind: 'call',
    callId,
    request,
    server: { name: ctx.node.address ?? '0.0.0.0', port: config.port },
    client: { address: conn?.remoteAddr ?? '', port: conn?.remotePort ?? 0 },
  };
  ctx.call(app.id, call);
}

function finishRequest(ctx: Ctx, response: WsgiResponsePayload): void {
  const worker = ctx.state.workers.find((candidate) => candidate.callId === response.callId);
  if (!worker?.connId) return;
  respond(ctx, worker.connId, response);
}

/** Writes the HTTP response, closes the connection and frees the worker for the next one. */
function respond(ctx: Ctx, connId: string, response: WsgiResponsePayload): void {
  const request = ctx.state.requests[connId];
  const status = Number.parseInt(response.status, 10);
  const http: HttpResponsePayload = {
    protocol: 'http',
    kind: 'response',
    // Gunicorn answers in the request's version; a sync worker always closes the connection.
    version: request?.version ?? 'HTTP/1.1',
    status,
    reason: response.status.slice(4) || reasonPhrase(status),
    headers: [['Server', 'gunicorn'], ['Date', httpDate(ctx.now)], ['Connection', 'close'], ...response.headers],
    body: response.body,
  };
  tcpSend(ctx, connId, http);
  tcpClose(ctx, connId);
  const requests = { ...ctx.state.requests };
  delete requests[connId];
  const worker = ctx.state.workers.find((candidate) => candidate.connId === connId)!;
  ctx.setState({ ...ctx.state, requests, served: ctx.state.served + 1 });
  replaceWorker(ctx, { index: worker.index, pid: worker.pid, state: 'idle', connId: null, request: null, callId: null });
  const [next, ...rest] = ctx.state.backlog;
  if (next === undefined) {
    ctx.note(`Worker ${worker.index} (pid ${worker.pid}) idle`);
    return;
  }
  ctx.setState({ ...ctx.state, backlog: rest });
  startRequest(ctx, ctx.state.workers.find((candidate) => candidate.index === worker.index)!, next);
}

export function gunicornStatus(state: GunicornState, config: GunicornConfig): NodeStatus {
  const busy = state.workers.filter((worker) => worker.state === 'busy').length;
  const workers: WorkerStatus[] = state.workers.map((worker) => ({
    id: `pid ${worker.pid}`,
    state: worker.state,
    ...(worker.request ? { detail: worker.request } : {}),
  }));
  return {
    headline: `${busy} of ${state.workers.length} workers busy`,
    details: [
      { label: 'Listening', value: `0.0.0.0:${config.port}` },
      { label: 'Backlog', value: String(state.backlog.length) },
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'Served', value: String(state.served) },
    ],
    workers,
    active: busy > 0,
  };
}

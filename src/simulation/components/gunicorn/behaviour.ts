import type { Behaviour, LazyText, NodeContext } from '../../engine/simulator.ts';
import { tableDelete, tableSet, type Table, type Writable } from '../../engine/table.ts';
import type { HttpRequestPayload, HttpResponsePayload, WsgiCallPayload, WsgiResponsePayload } from '../../engine/packet.ts';
import type { NodeStatus, WorkerStatus } from '../../model/status.ts';
import { dateHeader, reasonPhrase, requestLine } from '../../protocols/http.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { GunicornConfig } from './config.ts';

export interface Worker {
  readonly index: number;
  readonly pid: number;
  readonly state: 'idle' | 'busy' | 'killed' | 'booting';
  readonly connId: string | null;
  /** The request being handled (its request line is what a person sees). */
  readonly request: HttpRequestPayload | null;
  /** The WSGI call this worker waits on, so the framework's answer finds it. */
  readonly callId: number | null;
  /** The --timeout timer of the request in hand, or -1. */
  readonly timer: number;
}

export interface GunicornState extends HasTcp {
  readonly masterPid: number;
  readonly workers: readonly Worker[];
  /** Connections whose request has arrived but that no worker has accepted yet, oldest first. */
  readonly backlog: readonly string[];
  readonly requests: Table<HttpRequestPayload>;
  readonly nextCallId: number;
  readonly served: number;
  /** The pid the next booted worker gets. */
  readonly nextPid: number;
  readonly timeouts: number;
}

/** The arbiter's timers: a worker timed out; a killed worker is replaced; a new worker is ready. */
interface ArbiterTimer {
  readonly type: 'worker-timeout' | 'respawn' | 'booted';
  readonly index: number;
  readonly pid: number;
}

/** How long after the kill the master forks the new worker, and how long the worker takes to boot (import the app). */
const RESPAWN_MS = 10;
const BOOT_MS = 100;

type Ctx = NodeContext<GunicornState>;

const tcpHandlers: TcpHandlers<GunicornState> = {
  listening: (ctx, port) => port === (ctx.node.config as GunicornConfig).port,
  onData: (ctx, connId, app) => {
    if (app?.protocol !== 'http' || app.kind !== 'request') return;
    const state = ctx.draft();
    state.requests = tableSet(state.requests, connId, app, ctx.inPlace);
    const idle = state.workers.find((worker) => worker.state === 'idle');
    if (idle) startRequest(ctx, idle, connId);
    else {
      state.backlog = ctx.inPlace ? pushed(state.backlog, connId) : [...state.backlog, connId];
      ctx.note(`All ${state.workers.length} workers busy: ${requestLine(app)} waits in the backlog (${state.backlog.length} waiting)`);
    }
  },
  onPeerClosed: (ctx, connId) => tcpClose(ctx, connId),
};

function pushed<T>(list: readonly T[], item: T): readonly T[] {
  (list as T[]).push(item);
  return list;
}

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
      timer: -1,
    }));
    return { tcp: newTcpTable(setup.rng), masterPid, workers, backlog: [], requests: new Map(), nextCallId: 1, served: 0, nextPid: masterPid + config.workers + 1, timeouts: 0 };
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    arbiter(ctx, payload as ArbiterTimer);
  },

  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'wsgi' && packet.app.kind === 'response') {
      finishRequest(ctx, packet.app);
      return;
    }
    tcpReceive(ctx, packet, tcpHandlers);
  },
};

/** Changes one worker: in place in a load run, as a new worker in a new list in a playback. */
function updateWorker(ctx: Ctx, worker: Worker, state: Worker['state'], connId: string | null, request: HttpRequestPayload | null, callId: number | null, timer = -1, pid = worker.pid): void {
  if (ctx.inPlace) {
    const writable = worker as Writable<Worker>;
    writable.state = state;
    writable.connId = connId;
    writable.request = request;
    writable.callId = callId;
    writable.timer = timer;
    writable.pid = pid;
    return;
  }
  const next: Worker = { index: worker.index, pid, state, connId, request, callId, timer };
  const draft = ctx.draft();
  draft.workers = draft.workers.map((candidate) => (candidate.index === worker.index ? next : candidate));
}

/** "Worker 1 (pid 1234) busy: GET / HTTP/1.0" or "... idle", written when read. */
class WorkerNote implements LazyText {
  // The number and pid are copied: in a load run the worker record changes in place, and a
  // worker that is killed and replaced keeps its number but not its pid.
  private readonly index: number;
  private readonly pid: number;

  constructor(
    worker: Worker,
    private readonly request: HttpRequestPayload | null,
  ) {
    this.index = worker.index;
    this.pid = worker.pid;
  }

  text(): string {
    const { index, pid } = this;
    return this.request ? `Worker ${index} (pid ${pid}) busy: ${requestLine(this.request)}` : `Worker ${index} (pid ${pid}) idle`;
  }
}

/** The in-process framework this server runs, found once per node. */
function applicationOf(ctx: Ctx): string | null {
  let app = applications.get(ctx.node);
  if (app === undefined) {
    app = ctx.world.neighbours(ctx.node.id, { kind: 'flask', linkKind: 'in-process' })[0]?.id ?? null;
    applications.set(ctx.node, app);
  }
  return app;
}

const applications = new WeakMap<object, string | null>();

/** The WSGI server address of a node: the same for every call, so made once. */
function serverOf(ctx: Ctx): WsgiCallPayload['server'] {
  let server = servers.get(ctx.node);
  if (!server) {
    server = { name: ctx.node.address ?? '0.0.0.0', port: (ctx.node.config as GunicornConfig).port };
    servers.set(ctx.node, server);
  }
  return server;
}

const servers = new WeakMap<object, WsgiCallPayload['server']>();

function startRequest(ctx: Ctx, worker: Worker, connId: string): void {
  const request = ctx.state.requests.get(connId)!;
  const conn = ctx.state.tcp.conns.get(connId);
  const callId = ctx.state.nextCallId;
  ctx.draft().nextCallId = callId + 1;
  const timeout = (ctx.node.config as GunicornConfig).timeout;
  const timer = timeout > 0 ? ctx.timer(timeout * 1000, { type: 'worker-timeout', index: worker.index, pid: worker.pid } satisfies ArbiterTimer, `Worker ${worker.index} (pid ${worker.pid}) reaches --timeout ${timeout} s`) : -1;
  updateWorker(ctx, worker, 'busy', connId, request, callId, timer);
  ctx.note(new WorkerNote(worker, request));
  const app = applicationOf(ctx);
  if (!app) {
    respond(ctx, connId, { protocol: 'wsgi', kind: 'response', callId, status: '500 Internal Server Error', headers: [['Content-Type', 'text/html']], body: 'Failed to find application object' });
    return;
  }
  const call: WsgiCallPayload = {
    protocol: 'wsgi',
    kind: 'call',
    callId,
    request,
    server: serverOf(ctx),
    client: { address: conn?.remoteAddr ?? '', port: conn?.remotePort ?? 0 },
  };
  ctx.call(app, call);
}

function finishRequest(ctx: Ctx, response: WsgiResponsePayload): void {
  const worker = ctx.state.workers.find((candidate) => candidate.callId === response.callId);
  if (!worker?.connId) return;
  respond(ctx, worker.connId, response);
}

const SERVER_HEADER: readonly [string, string] = ['Server', 'gunicorn'];
const CLOSE_HEADER: readonly [string, string] = ['Connection', 'close'];

/** Writes the HTTP response, closes the connection and frees the worker for the next one. */
function respond(ctx: Ctx, connId: string, response: WsgiResponsePayload): void {
  const request = ctx.state.requests.get(connId);
  const status = Number.parseInt(response.status, 10);
  const headers: (readonly [string, string])[] = [SERVER_HEADER, dateHeader(ctx.now), CLOSE_HEADER];
  for (const header of response.headers) headers.push(header);
  const http: HttpResponsePayload = {
    protocol: 'http',
    kind: 'response',
    // Gunicorn answers in the request's version; a sync worker always closes the connection.
    version: request?.version ?? 'HTTP/1.1',
    status,
    reason: response.status.slice(4) || reasonPhrase(status),
    headers,
    body: response.body,
  };
  tcpSend(ctx, connId, http);
  tcpClose(ctx, connId);
  const state = ctx.draft();
  state.requests = tableDelete(state.requests, connId, ctx.inPlace);
  state.served = state.served + 1;
  const worker = state.workers.find((candidate) => candidate.connId === connId)!;
  if (worker.timer >= 0) ctx.cancelTimer(worker.timer);
  updateWorker(ctx, worker, 'idle', null, null, null);
  takeFromBacklog(ctx, worker.index);
}

/** A worker is free: it accepts the oldest waiting connection, if any. */
function takeFromBacklog(ctx: Ctx, index: number): void {
  const worker = ctx.state.workers.find((candidate) => candidate.index === index)!;
  const backlog = ctx.state.backlog;
  if (backlog.length === 0) {
    ctx.note(new WorkerNote(worker, null));
    return;
  }
  const next = backlog[0]!;
  if (ctx.inPlace) (backlog as string[]).shift();
  else ctx.draft().backlog = backlog.slice(1);
  startRequest(ctx, worker, next);
}

/**
 * The master process (the arbiter). A worker that has not answered within --timeout is
 * killed, as Gunicorn logs it ([CRITICAL] WORKER TIMEOUT): its socket closes with no answer,
 * so the client reads an empty reply. The master forks a new worker with a new pid, which
 * boots and then takes connections from the backlog.
 */
function arbiter(ctx: Ctx, timer: ArbiterTimer): void {
  const worker = ctx.state.workers.find((candidate) => candidate.index === timer.index);
  if (!worker || worker.pid !== timer.pid) return;
  if (timer.type === 'worker-timeout') {
    if (worker.state !== 'busy' || !worker.connId) return;
    ctx.note(`[CRITICAL] WORKER TIMEOUT (pid:${worker.pid})`);
    ctx.note(`[INFO] Worker exiting (pid: ${worker.pid})`);
    // The process dies: the kernel closes its socket, and the request is never answered.
    tcpClose(ctx, worker.connId);
    const state = ctx.draft();
    state.requests = tableDelete(state.requests, worker.connId, ctx.inPlace);
    state.timeouts = state.timeouts + 1;
    updateWorker(ctx, worker, 'killed', null, null, null);
    ctx.timer(RESPAWN_MS, { type: 'respawn', index: worker.index, pid: worker.pid } satisfies ArbiterTimer, `The master replaces worker ${worker.index}`);
    return;
  }
  if (timer.type === 'respawn') {
    const pid = ctx.state.nextPid;
    ctx.draft().nextPid = pid + 1;
    updateWorker(ctx, worker, 'booting', null, null, null, -1, pid);
    ctx.note(`[INFO] Booting worker with pid: ${pid}`);
    ctx.timer(BOOT_MS, { type: 'booted', index: worker.index, pid } satisfies ArbiterTimer, `Worker ${worker.index} (pid ${pid}) has loaded the application`);
    return;
  }
  updateWorker(ctx, worker, 'idle', null, null, null);
  takeFromBacklog(ctx, worker.index);
}

export function gunicornStatus(state: GunicornState, config: GunicornConfig): NodeStatus {
  const busy = state.workers.filter((worker) => worker.state === 'busy').length;
  const down = state.workers.filter((worker) => worker.state === 'killed' || worker.state === 'booting').length;
  const workers: WorkerStatus[] = state.workers.map((worker) => ({
    id: `pid ${worker.pid}`,
    state: worker.state,
    ...(worker.request ? { detail: requestLine(worker.request) } : {}),
  }));
  return {
    headline: `${busy} of ${state.workers.length} workers busy${down > 0 ? `, ${down} restarting` : ''}`,
    details: [
      { label: 'Listening', value: `0.0.0.0:${config.port}` },
      { label: 'Backlog', value: String(state.backlog.length) },
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'Served', value: String(state.served) },
      ...(state.timeouts > 0 ? [{ label: 'Worker timeouts', value: String(state.timeouts) }] : []),
    ],
    workers,
    active: busy > 0 || down > 0,
  };
}

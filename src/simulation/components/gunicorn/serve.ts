import { tableDelete, tableSet } from '../../engine/table.ts';
import type { HttpRequestPayload, HttpResponsePayload, WsgiCallPayload, WsgiResponsePayload } from '../../engine/packet.ts';
import { dateHeader, reasonPhrase, requestLine } from '../../protocols/http.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { tcpClose, tcpSend } from '../tcp-endpoint.ts';
import { workerClass } from './config.ts';
import { logAccess } from './logs.ts';
import { configOf, pickWorker, threadsOf, updateWorker, withoutSlot, withSlot, WorkerNote, type Ctx, type Worker } from './state.ts';

/**
 * A worker's side of a request: a free thread takes it (or it waits in the backlog), calls the
 * WSGI application, writes the response and closes the connection (sync), or keeps it open for
 * the next request (gthread, HTTP/1.1).
 */

/** The timer that closes an idle keep-alive connection. */
export interface KeepAliveTimer {
  readonly type: 'keepalive';
  readonly connId: string;
}

/** A request has arrived on a connection: a free thread takes it, or it waits. */
export function requestArrived(ctx: Ctx, connId: string, request: HttpRequestPayload): void {
  const state = ctx.draft();
  state.requests = tableSet(state.requests, connId, request, ctx.inPlace);
  const kept = state.kept.get(connId);
  if (kept) {
    ctx.cancelTimer(kept.timer);
    state.kept = tableDelete(state.kept, connId, ctx.inPlace);
  }
  const threads = threadsOf(configOf(ctx));
  const worker = pickWorker(state.workers, threads, kept?.worker);
  if (worker) {
    startRequest(ctx, worker, connId);
    return;
  }
  state.backlog = ctx.inPlace ? pushed(state.backlog, connId) : [...state.backlog, connId];
  const all = threads === 1 ? `All ${state.workers.length} workers busy` : `All ${state.workers.length} workers × ${threads} threads busy`;
  ctx.note(`${all}: ${requestLine(request)} waits in the backlog (${state.backlog.length} waiting)`);
}

function pushed<T>(list: readonly T[], item: T): readonly T[] {
  (list as T[]).push(item);
  return list;
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
    const config = configOf(ctx);
    server = { name: ctx.node.address ?? '0.0.0.0', port: config.port, multithread: workerClass(config) === 'gthread', multiprocess: config.workers > 1 };
    servers.set(ctx.node, server);
  }
  return server;
}

const servers = new WeakMap<object, WsgiCallPayload['server']>();

function startRequest(ctx: Ctx, worker: Worker, connId: string): void {
  const request = ctx.state.requests.get(connId)!;
  const conn = ctx.state.tcp.conns.get(connId);
  const config = configOf(ctx);
  const callId = ctx.state.nextCallId;
  const draft = ctx.draft();
  draft.nextCallId = callId + 1;
  if (ctx.state.queued.has(connId)) draft.queued = tableDelete(draft.queued, connId, ctx.inPlace);
  // A sync worker tells the arbiter it is alive only between requests, so --timeout runs from
  // here. A gthread worker's main loop keeps notifying while its threads work: never timed out.
  const timed = config.timeout > 0 && workerClass(config) === 'sync';
  const timer = timed ? ctx.timer(config.timeout * 1000, { type: 'worker-timeout', index: worker.index, pid: worker.pid }, `Worker ${worker.index} (pid ${worker.pid}) reaches --timeout ${config.timeout} s`) : worker.timer;
  const busy = updateWorker(ctx, worker, { state: 'busy', slots: withSlot(ctx, worker, { connId, request, callId }), timer });
  ctx.note(new WorkerNote(busy, request, threadsOf(config)));
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

/** The application answered a thread's call. */
export function finishRequest(ctx: Ctx, response: WsgiResponsePayload): void {
  for (const worker of ctx.state.workers) {
    const slot = worker.slots.find((candidate) => candidate.callId === response.callId);
    if (slot) {
      respond(ctx, slot.connId, response);
      return;
    }
  }
}

const SERVER_HEADER: readonly [string, string] = ['Server', 'gunicorn'];
const CLOSE_HEADER: readonly [string, string] = ['Connection', 'close'];
const KEEP_ALIVE_HEADER: readonly [string, string] = ['Connection', 'keep-alive'];

/** Writes the HTTP response, closes or keeps the connection, and frees the thread for the next request. */
function respond(ctx: Ctx, connId: string, response: WsgiResponsePayload): void {
  const config = configOf(ctx);
  const request = ctx.state.requests.get(connId);
  const status = Number.parseInt(response.status, 10);
  // A sync worker always closes (resp.force_close()); gthread keeps HTTP/1.1 connections open.
  const peerGone = ctx.state.tcp.conns.get(connId)?.state !== 'ESTABLISHED';
  const keep = !peerGone && workerClass(config) === 'gthread' && config.keepalive > 0 && request !== undefined && keepsAlive(request, response, status);
  const headers: (readonly [string, string])[] = [SERVER_HEADER, dateHeader(ctx.now), keep ? KEEP_ALIVE_HEADER : CLOSE_HEADER];
  for (const header of response.headers) headers.push(header);
  const http: HttpResponsePayload = {
    protocol: 'http',
    kind: 'response',
    // Gunicorn answers in the request's version.
    version: request?.version ?? 'HTTP/1.1',
    status,
    reason: response.status.slice(4) || reasonPhrase(status),
    headers,
    body: response.body,
  };
  tcpSend(ctx, connId, http);
  if (!keep) tcpClose(ctx, connId);
  const state = ctx.draft();
  state.requests = tableDelete(state.requests, connId, ctx.inPlace);
  state.served = state.served + 1;
  const worker = state.workers.find((candidate) => candidate.slots.some((slot) => slot.connId === connId))!;
  // A client that closed while the application ran (nginx after proxy_read_timeout) resets the
  // write: Gunicorn swallows EPIPE / ECONNRESET and logs nothing, as nginx-responses.json's 504 records.
  const conn = state.tcp.conns.get(connId);
  if (peerGone) ctx.note(`The client closed the connection while the application ran: the write is reset, and Gunicorn drops the response (EPIPE) and logs nothing`);
  if (config.accesslog && request && !peerGone) {
    logAccess(ctx, { time: ctx.now, remoteAddr: conn?.remoteAddr ?? '-', request, status, bodyBytes: utf8Length(http.body) });
  }
  if (worker.timer >= 0 && worker.slots.length === 1) ctx.cancelTimer(worker.timer);
  const slots = withoutSlot(ctx, worker, connId);
  const freed = updateWorker(ctx, worker, { state: slots.length > 0 ? 'busy' : 'idle', slots, timer: slots.length > 0 ? worker.timer : -1 });
  if (keep) {
    const timer = ctx.timer(config.keepalive * 1000, { type: 'keepalive', connId } satisfies KeepAliveTimer, `Keep-alive connection idle for ${config.keepalive} s`);
    const draft = ctx.draft();
    draft.kept = tableSet(draft.kept, connId, { worker: freed.index, timer }, ctx.inPlace);
  }
  takeFromBacklog(ctx, freed.index);
}

/**
 * Whether Gunicorn keeps the connection after this response: Request.should_close (the first
 * Connection header decides, else HTTP/1.0 closes) and Response.should_close (a body of known
 * length, a HEAD, or a status without a body).
 */
function keepsAlive(request: HttpRequestPayload, response: WsgiResponsePayload, status: number): boolean {
  const connection = request.headers.find(([name]) => name.toLowerCase() === 'connection')?.[1].trim().toLowerCase();
  if (connection === 'close') return false;
  if (connection !== 'keep-alive' && request.version === 'HTTP/1.0') return false;
  const framed = response.headers.some(([name, value]) => name.toLowerCase() === 'content-length' || (name.toLowerCase() === 'transfer-encoding' && value.toLowerCase().includes('chunked')));
  return framed || request.method === 'HEAD' || status < 200 || status === 204 || status === 304;
}

/** A keep-alive connection stayed idle for --keep-alive seconds: the worker closes it (murder_keepalived). */
export function keepAliveExpired(ctx: Ctx, timer: KeepAliveTimer): void {
  if (!ctx.state.kept.has(timer.connId)) return;
  const state = ctx.draft();
  state.kept = tableDelete(state.kept, timer.connId, ctx.inPlace);
  tcpClose(ctx, timer.connId);
}

/**
 * The peer closed its side: an idle keep-alive connection is closed at once. A connection
 * whose request a worker is running stays half-open: the worker is inside the application and
 * reads nothing until it writes the response (respond()).
 */
export function peerClosed(ctx: Ctx, connId: string): void {
  if (inProgress(ctx, connId)) return;
  const kept = ctx.state.kept.get(connId);
  if (kept) {
    ctx.cancelTimer(kept.timer);
    const state = ctx.draft();
    state.kept = tableDelete(state.kept, connId, ctx.inPlace);
  } else if (ctx.state.queued.has(connId) && !ctx.state.requests.has(connId)) {
    // Gone from the listen queue before any worker took it, with nothing to read.
    const state = ctx.draft();
    state.queued = tableDelete(state.queued, connId, ctx.inPlace);
  }
  tcpClose(ctx, connId);
}

/** Whether a worker is running the request of this connection. */
function inProgress(ctx: Ctx, connId: string): boolean {
  return ctx.state.workers.some((worker) => worker.slots.some((slot) => slot.connId === connId));
}

/** A worker has free threads: it takes the oldest waiting requests, or says it is idle. */
export function takeFromBacklog(ctx: Ctx, index: number): void {
  const threads = threadsOf(configOf(ctx));
  let took = false;
  for (;;) {
    const worker = ctx.state.workers.find((candidate) => candidate.index === index)!;
    const backlog = ctx.state.backlog;
    if (backlog.length === 0 || worker.slots.length >= threads || (worker.state !== 'idle' && worker.state !== 'busy')) {
      if (!took) ctx.note(new WorkerNote(worker, null, threads));
      return;
    }
    const next = backlog[0]!;
    if (ctx.inPlace) (backlog as string[]).shift();
    else ctx.draft().backlog = backlog.slice(1);
    startRequest(ctx, worker, next);
    took = true;
  }
}

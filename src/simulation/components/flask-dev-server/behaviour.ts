import type { Behaviour, LazyText, NodeContext } from '../../engine/simulator.ts';
import { appendLine } from '../log-lines.ts';
import { ViewNote } from '../flask/view-note.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import type { HttpRequestPayload, Packet, SqlResultPayload } from '../../engine/packet.ts';
import type { NodeStatus, WorkerStatus } from '../../model/status.ts';
import type { SessionData } from '../../protocols/signed-cookie.ts';
import { requestLine } from '../../protocols/http.ts';
import { ACK, SYN } from '../../protocols/tcp.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { FlaskRoute } from '../flask/config.ts';
import { matchRoute } from '../flask/routing.ts';
import { runView } from '../flask/views.ts';
import { cookiesOf } from '../flask/request-data.ts';
import { cookieSessionHeaders, readCookieSession, SESSION_COOKIE } from '../flask/session.ts';
import { appConfigOf, reachableFromOthers, type FlaskDevServerConfig } from './config.ts';
import { requestLogLine, startupLines, werkzeugResponse, type LoggedRequest } from './werkzeug.ts';

/** A request the server has read and not yet answered. Replaced, never changed. */
interface Handling {
  readonly connId: string;
  readonly request: HttpRequestPayload;
  readonly route: FlaskRoute | null;
  readonly endpoint: string;
  readonly status: number;
  readonly allow: string | null;
  readonly session: SessionData;
  /** When its view started running; -1 while it waits. */
  readonly startedAt: number;
}

export interface FlaskDevServerState extends HasTcp {
  /** Views running now, by connection, in the order they started. */
  readonly running: Table<Handling>;
  /** Requests read by the kernel but not yet taken by the single thread, oldest first (threaded=False only). */
  readonly waiting: readonly Handling[];
  readonly handled: number;
  /** The most waiting at once, for the status. */
  readonly mostWaiting: number;
  /** Werkzeug's request log, newest last, at most the last 50 (log-lines.ts). */
  readonly log: readonly LoggedRequest[];
}

interface ViewDone {
  readonly type: 'werkzeug-view-done';
  readonly connId: string;
}

type Ctx = NodeContext<FlaskDevServerState>;

const LOG_SHOWN = 12;

/** The view of a request no route matched takes this long: routing and the error page, no view code. */
const ERROR_PAGE_MS = 0.2;

/** The answer a view with a query gets here: the dev server node has no database connection. */
const NO_DATABASE: SqlResultPayload = {
  protocol: 'sql',
  kind: 'result',
  columns: [],
  rows: [],
  commandTag: null,
  error: { severity: 'ERROR', code: '08001', message: 'no database: the development server node runs views without one' },
};

const tcpHandlers: TcpHandlers<FlaskDevServerState> = {
  listening: (ctx, port) => {
    const config = ctx.node.config as FlaskDevServerConfig;
    // Every packet here came over a link from another machine: a server bound to loopback never sees it.
    return port === config.port && reachableFromOthers(config);
  },
  onData: (ctx, connId, app) => {
    if (app?.protocol === 'http' && app.kind === 'request') received(ctx, connId, app);
  },
  onPeerClosed: (ctx, connId) => tcpClose(ctx, connId),
};

/**
 * Flask's development server: Werkzeug's WSGI server and the Flask app in one process,
 * started by `flask run` or app.run(). Each request is routed to a view of the app (the Flask
 * kind's routing and views); the response carries Server: Werkzeug, and Connection: close, so
 * each request has its own connection. Threaded (the default), every request gets a thread
 * and runs at once; with threaded=False one thread handles one request at a time, and the
 * others wait their turn with their connections already accepted by the kernel.
 */
export const flaskDevServerBehaviour: Behaviour<FlaskDevServerState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), running: new Map(), waiting: [], handled: 0, mostWaiting: 0, log: [] };
  },
  onPacket(ctx, packet) {
    noteRefused(ctx, packet);
    tcpReceive(ctx, packet, tcpHandlers);
  },
  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const done = payload as ViewDone;
    const handling = ctx.state.running.get(done.connId);
    if (handling) viewReturned(ctx, handling);
  },
};

/** A SYN for the port of a server bound elsewhere: say why the kernel answers RST. */
function noteRefused(ctx: Ctx, packet: Packet): void {
  const segment = packet.transport;
  if (segment?.transport !== 'tcp' || (segment.bits & (SYN | ACK)) !== SYN) return;
  const config = ctx.node.config as FlaskDevServerConfig;
  if (segment.dstPort !== config.port || reachableFromOthers(config)) return;
  ctx.note(`The server listens on ${config.host}:${config.port} only: a connection from ${packet.srcAddr} to ${packet.dstAddr}:${config.port} finds nothing listening and is refused`);
}

function received(ctx: Ctx, connId: string, request: HttpRequestPayload): void {
  const config = ctx.node.config as FlaskDevServerConfig;
  const app = appConfigOf(config);
  const target = request.target;
  const query = target.indexOf('?');
  const matched = matchRoute(app, request.method, query < 0 ? target : target.slice(0, query));
  const route = matched.route;
  const reads = route !== null && route.view !== 'text' && route.view !== 'redirect' && route.view !== 'file';
  const handling: Handling = {
    connId,
    request,
    route,
    endpoint: route?.endpoint ?? (matched.status === 404 ? 'NotFound' : 'MethodNotAllowed'),
    status: matched.status,
    allow: matched.allow,
    session: reads ? readCookieSession(app, cookiesOf(request)[SESSION_COOKIE], ctx.now) : NO_SESSION,
    startedAt: -1,
  };
  if (config.threaded || ctx.state.running.size === 0) {
    if (config.threaded && ctx.state.running.size > 0) ctx.note(new ThreadNote(request, ctx.state.running.size + 1));
    start(ctx, handling);
    return;
  }
  const state = ctx.draft();
  state.waiting = ctx.inPlace ? pushed(state.waiting, handling) : [...state.waiting, handling];
  state.mostWaiting = Math.max(state.mostWaiting, state.waiting.length);
  const busy = ctx.state.running.values().next().value;
  ctx.note(new WaitNote(request, busy?.request ?? null, state.waiting.length));
}

const NO_SESSION: SessionData = Object.freeze({});

function pushed<T>(list: readonly T[], item: T): readonly T[] {
  (list as T[]).push(item);
  return list;
}

function start(ctx: Ctx, handling: Handling): void {
  const started: Handling = { ...handling, startedAt: ctx.now };
  const state = ctx.draft();
  state.running = tableSet(state.running, handling.connId, started, ctx.inPlace);
  const processingMs = handling.route?.processingMs ?? ERROR_PAGE_MS;
  ctx.timer(processingMs, { type: 'werkzeug-view-done', connId: handling.connId } satisfies ViewDone, new ViewNote(handling.endpoint, processingMs));
}

function viewReturned(ctx: Ctx, handling: Handling): void {
  const config = ctx.node.config as FlaskDevServerConfig;
  const app = appConfigOf(config);
  const result = handling.route?.sql ? NO_DATABASE : null;
  const output = runView({ route: handling.route, status: handling.status, allow: handling.allow, request: handling.request, session: handling.session, result, now: ctx.now });
  const extra = result ? [] : cookieSessionHeaders(app, output, ctx.now);
  const rendered = extra.length === 0 ? output.rendered : { ...output.rendered, headers: [...output.rendered.headers, ...extra] };
  const conn = ctx.state.tcp.conns.get(handling.connId);
  const state = ctx.draft();
  state.running = tableDelete(state.running, handling.connId, ctx.inPlace);
  state.handled = state.handled + 1;
  if (conn) {
    tcpSend(ctx, handling.connId, werkzeugResponse(config, handling.request, rendered, ctx.now));
    state.log = appendLine(state.log, { client: conn.remoteAddr, time: ctx.now, request: handling.request, status: rendered.status }, ctx.inPlace);
    tcpClose(ctx, handling.connId);
  }
  next(ctx);
}

/** The single thread is free: it accepts the oldest waiting connection. */
function next(ctx: Ctx): void {
  const config = ctx.node.config as FlaskDevServerConfig;
  if (config.threaded || ctx.state.waiting.length === 0 || ctx.state.running.size > 0) return;
  const state = ctx.draft();
  const [first, ...rest] = state.waiting;
  if (ctx.inPlace) (state.waiting as Handling[]).shift();
  else state.waiting = rest;
  ctx.note(`The server's one thread is free: it takes ${requestLine(first!.request)} (${rest.length} still waiting)`);
  start(ctx, first!);
}

/** Notes written only when read: a load run pays for no text. */
class WaitNote implements LazyText {
  constructor(
    private readonly request: HttpRequestPayload,
    private readonly busyWith: HttpRequestPayload | null,
    private readonly waiting: number,
  ) {}

  text(): string {
    const busy = this.busyWith ? ` with ${requestLine(this.busyWith)}` : '';
    return `threaded=False: the one thread is busy${busy}, so ${requestLine(this.request)} waits (${this.waiting} waiting)`;
  }
}

class ThreadNote implements LazyText {
  constructor(
    private readonly request: HttpRequestPayload,
    private readonly running: number,
  ) {}

  text(): string {
    return `threaded=True: ${requestLine(this.request)} gets a thread of its own (${this.running} running at once)`;
  }
}

export function flaskDevServerStatus(state: FlaskDevServerState, config: FlaskDevServerConfig): NodeStatus {
  const running = [...state.running.values()];
  const waiting = state.waiting.length;
  const headline =
    running.length === 0
      ? `Listening on ${config.host}:${config.port}`
      : `${running.length} running${config.threaded ? '' : ' (one thread)'}, ${waiting} waiting`;
  const workers: WorkerStatus[] = config.threaded
    ? running.map((handling, index) => ({ id: `thread ${index + 1}`, state: 'busy', detail: `${requestLine(handling.request)}: ${handling.endpoint}()` }))
    : [{ id: 'main thread', state: running[0] ? 'busy' : 'idle', ...(running[0] ? { detail: `${requestLine(running[0].request)}: ${running[0].endpoint}()` } : {}) }];
  return {
    headline,
    details: [
      { label: 'Listening', value: `${config.host}:${config.port}` },
      { label: 'Mode', value: config.threaded ? 'threaded: a thread per request' : 'threaded=False: one request at a time' },
      { label: 'Running', value: running.length ? running.map((handling) => requestLine(handling.request)).join(', ') : 'none' },
      { label: 'Waiting', value: config.threaded ? '0 (every request gets a thread)' : `${waiting}${state.mostWaiting > 0 ? ` (at most ${state.mostWaiting})` : ''}` },
      { label: 'Open sockets', value: String(openConnections(state.tcp)) },
      { label: 'Requests handled', value: String(state.handled) },
    ],
    workers,
    logs: [{ name: 'terminal', lines: [...startupLines(config), ...state.log.slice(-LOG_SHOWN).map(requestLogLine)].slice(-LOG_SHOWN) }],
    active: running.length > 0,
  };
}

import type { Behaviour, LazyText, NodeContext } from '../../engine/simulator.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import type { HeaderList } from '../../model/message.ts';
import type { SqlResultPayload, WsgiCallPayload, WsgiResponsePayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { reasonPhrase } from '../../protocols/http.ts';
import { newTcpTable, openConnections, tcpConnect, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { TcpConnection } from '../../protocols/tcp.ts';
import type { FlaskConfig, FlaskRoute } from './config.ts';

interface ViewCall {
  readonly caller: string;
  readonly callId: number;
  readonly endpoint: string;
  readonly route: FlaskRoute | null;
  readonly status: number;
}

export interface FlaskState extends HasTcp {
  /** Views running now, in the order they started. */
  readonly calls: ReadonlySet<ViewCall>;
  /** Database connections: the view call each one serves, or null when idle. */
  readonly pool: Table<ViewCall | null>;
  readonly handled: number;
}

interface ViewDone {
  readonly call: ViewCall;
  readonly result: SqlResultPayload | null;
}

type Ctx = NodeContext<FlaskState>;

/** Werkzeug 2.2's own 404 page, byte for byte. */
export const WERKZEUG_NOT_FOUND =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';

export const WERKZEUG_METHOD_NOT_ALLOWED =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n';

/**
 * A Flask application, called through WSGI. It routes the path to a view; a view may run one
 * SQL query on its database (over a pooled connection, opened on first use as SQLAlchemy
 * does) and then renders its body.
 */
const tcpHandlers: TcpHandlers<FlaskState> = {
  onEstablished: (ctx, connId) => {
    const call = ctx.state.pool.get(connId);
    if (call) sendQuery(ctx, connId, call);
  },
  onData: (ctx, connId, data) => {
    if (data?.protocol !== 'sql' || data.kind !== 'result') return;
    const call = ctx.state.pool.get(connId);
    if (!call) return;
    const state = ctx.draft();
    state.pool = tableSet(state.pool, connId, null, ctx.inPlace);
    finishAfterProcessing(ctx, call, data);
  },
  onReset: (ctx, conn) => databaseFailed(ctx, conn, 'connection refused'),
  onTimedOut: (ctx, conn) => databaseFailed(ctx, conn, 'connection timed out'),
};

/** The database connection failed: the view gets a connection error (SQLSTATE 08001) as its result. */
function databaseFailed(ctx: NodeContext<FlaskState>, conn: TcpConnection, message: string): void {
  const call = ctx.state.pool.get(conn.id);
  const state = ctx.draft();
  state.pool = tableDelete(state.pool, conn.id, ctx.inPlace);
  if (call) {
    const error: SqlResultPayload = { protocol: 'sql', kind: 'result', columns: [], rows: [], commandTag: null, error: { severity: 'ERROR', code: '08001', message } };
    finishAfterProcessing(ctx, call, error);
  }
}

/**
 * A Flask application, called through WSGI. It routes the path to a view; a view may run one
 * SQL query on its database (over a pooled connection, opened on first use as SQLAlchemy
 * does) and then renders its body.
 */
export const flaskBehaviour: Behaviour<FlaskState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), calls: new Set(), pool: new Map(), handled: 0 };
  },

  onPacket(ctx, packet, from) {
    const app = packet.app;
    if (app?.protocol === 'wsgi' && app.kind === 'call') {
      startView(ctx, app, from);
      return;
    }
    tcpReceive(ctx, packet, tcpHandlers);
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const done = payload as ViewDone;
    const call = done.call;
    if (!ctx.state.calls.has(call)) return;
    const state = ctx.draft();
    state.calls = setDelete(state.calls, call, ctx.inPlace);
    state.handled = state.handled + 1;
    ctx.call(call.caller, render(call, done.result));
  },
};

function setAdd<T>(set: ReadonlySet<T>, item: T, inPlace: boolean): ReadonlySet<T> {
  const next = inPlace ? (set as Set<T>) : new Set(set);
  next.add(item);
  return next;
}

function setDelete<T>(set: ReadonlySet<T>, item: T, inPlace: boolean): ReadonlySet<T> {
  const next = inPlace ? (set as Set<T>) : new Set(set);
  next.delete(item);
  return next;
}

/** The route for a method and path, or the status Werkzeug answers when there is none (404, 405). */
function matchRoute(config: FlaskConfig, method: string, path: string): FlaskRoute | 404 | 405 {
  let matched = false;
  for (const route of config.routes) {
    if (route.rule !== path) continue;
    matched = true;
    if (route.methods.includes(method as FlaskRoute['methods'][number]) || (method === 'HEAD' && route.methods.includes('GET'))) return route;
  }
  return matched ? 405 : 404;
}

function startView(ctx: Ctx, call: WsgiCallPayload, caller: string): void {
  const config = ctx.node.config as FlaskConfig;
  // What Flask reads from environ['REQUEST_METHOD'] and environ['PATH_INFO'].
  const method = call.request.method;
  const target = call.request.target;
  const query = target.indexOf('?');
  const matched = matchRoute(config, method, query < 0 ? target : target.slice(0, query));
  const route = typeof matched === 'number' ? null : matched;
  const status = typeof matched === 'number' ? matched : matched.status;
  const view: ViewCall = { caller, callId: call.callId, endpoint: route?.endpoint ?? (status === 404 ? 'NotFound' : 'MethodNotAllowed'), route, status };
  const state = ctx.draft();
  state.calls = setAdd(state.calls, view, ctx.inPlace);
  if (!route?.sql) {
    finishAfterProcessing(ctx, view, null);
    return;
  }
  const database = config.database ? databaseOf(config.database) : undefined;
  const address = database ? ctx.world.hostAddress(database.host) : undefined;
  if (!database || !address) {
    const message = database ? `could not translate host name "${database.host}" to address` : 'no database configured';
    finishAfterProcessing(ctx, view, { protocol: 'sql', kind: 'result', columns: [], rows: [], commandTag: null, error: { severity: 'ERROR', code: '08001', message } });
    return;
  }
  let idle: string | undefined;
  const conns = state.tcp.conns;
  for (const [connId, user] of state.pool) {
    if (user === null && conns.get(connId)?.state === 'ESTABLISHED') {
      idle = connId;
      break;
    }
  }
  if (idle !== undefined) {
    state.pool = tableSet(state.pool, idle, view, ctx.inPlace);
    sendQuery(ctx, idle, view);
    return;
  }
  const connId = tcpConnect(ctx, address, database.port);
  const after = ctx.draft();
  after.pool = tableSet(after.pool, connId, view, ctx.inPlace);
}

function sendQuery(ctx: Ctx, connId: string, call: ViewCall): void {
  const sql = ctx.state.calls.has(call) ? call.route?.sql : undefined;
  if (sql) tcpSend(ctx, connId, { protocol: 'sql', kind: 'query', query: sql });
}

/** "View index() returned after 2 ms of Python", written when read. */
class ViewNote implements LazyText {
  constructor(
    private readonly endpoint: string,
    private readonly processingMs: number,
  ) {}

  text(): string {
    return `View ${this.endpoint}() returned after ${this.processingMs} ms of Python`;
  }
}

function finishAfterProcessing(ctx: Ctx, call: ViewCall, result: SqlResultPayload | null): void {
  if (!ctx.state.calls.has(call)) return;
  const processingMs = call.route?.processingMs ?? 0.2;
  ctx.timer(processingMs, { call, result } satisfies ViewDone, new ViewNote(call.endpoint, processingMs));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What a view returns: the same for the same route, status and query result, so made once. */
interface Rendered {
  readonly status: string;
  readonly headers: HeaderList;
  readonly body: string;
}

function render(call: ViewCall, result: SqlResultPayload | null): WsgiResponsePayload {
  const rendered = renderedView(call, result);
  return { protocol: 'wsgi', kind: 'response', callId: call.callId, status: rendered.status, headers: rendered.headers, body: rendered.body };
}

const NO_RESULT = {};

function renderedView(call: ViewCall, result: SqlResultPayload | null): Rendered {
  // Query results are read-only (PostgreSQL hands the same one out for the same query).
  let byRoute = renderMemo.get(result ?? NO_RESULT);
  if (!byRoute) {
    byRoute = new Map();
    renderMemo.set(result ?? NO_RESULT, byRoute);
  }
  const routeKey = call.route ?? NO_ROUTE;
  let byStatus = byRoute.get(routeKey);
  if (!byStatus) {
    byStatus = new Map();
    byRoute.set(routeKey, byStatus);
  }
  let rendered = byStatus.get(call.status);
  if (!rendered) {
    rendered = renderView(call, result);
    byStatus.set(call.status, rendered);
  }
  return rendered;
}

const NO_ROUTE = {};
const renderMemo = new WeakMap<object, Map<object, Map<number, Rendered>>>();

function renderView(call: ViewCall, result: SqlResultPayload | null): Rendered {
  let status = call.status;
  let body: string;
  let contentType = 'text/html; charset=utf-8';
  if (!call.route) body = status === 404 ? WERKZEUG_NOT_FOUND : WERKZEUG_METHOD_NOT_ALLOWED;
  else if (result?.error) {
    // An unhandled database error: Flask answers 500 with Werkzeug's page.
    status = 500;
    body =
      '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n';
  } else {
    const rows = result ? result.rows.map((row) => `<li>${row.map(escapeHtml).join(' ')}</li>`).join('') : '';
    body = call.route.body.replace('{rows}', rows);
    contentType = call.route.contentType;
  }
  return {
    status: `${status} ${reasonPhrase(status).toUpperCase()}`,
    headers: [
      ['Content-Type', contentType],
      ['Content-Length', String(utf8Length(body))],
    ],
    body,
  };
}

/** The host and port of a database URL, read once per URL. */
function databaseOf(url: string): { host: string; port: number } | undefined {
  if (!databases.has(url)) databases.set(url, parseDatabaseUrl(url));
  return databases.get(url);
}

const databases = new Map<string, { host: string; port: number } | undefined>();

function parseDatabaseUrl(url: string): { host: string; port: number } | undefined {
  const match = /^postgresql:\/\/(?:[^@/\s]+@)?([A-Za-z0-9.-]+)(?::(\d+))?\//.exec(url);
  return match ? { host: match[1]!, port: match[2] ? Number(match[2]) : 5432 } : undefined;
}

export function flaskStatus(state: FlaskState, config: FlaskConfig): NodeStatus {
  const running = [...state.calls];
  return {
    headline: running.length ? `Running ${running.map((call) => `${call.endpoint}()`).join(', ')}` : `${config.routes.length} route${config.routes.length === 1 ? '' : 's'}`,
    details: [
      { label: 'Routes', value: config.routes.map((route) => route.rule).join(' ') || 'none' },
      { label: 'DB connections', value: String(openConnections(state.tcp)) },
      { label: 'Requests handled', value: String(state.handled) },
    ],
    active: running.length > 0,
  };
}

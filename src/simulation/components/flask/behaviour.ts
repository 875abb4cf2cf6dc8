import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import { ViewNote } from './view-note.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import type { AppPayload, HttpRequestPayload, SqlResultPayload, WsgiCallPayload, WsgiResponsePayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import type { SessionData } from '../../protocols/signed-cookie.ts';
import { newTcpTable, openConnections, tcpConnect, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { TcpConnection } from '../../protocols/tcp.ts';
import type { FlaskConfig, FlaskRoute } from './config.ts';
import { cookiesOf } from './request-data.ts';
import { NEW_SERVER_SESSION, SESSION_COOKIE, cookieSessionHeaders, newSessionId, parseStoredSession, readCookieSession, REDIS_KEY_PREFIX, redisSessionSave } from './session.ts';
import { runView, statusString, withoutBody, type Rendered } from './views.ts';
import { databaseOf, matchRoute, redisOf } from './routing.ts';

export { WERKZEUG_METHOD_NOT_ALLOWED, WERKZEUG_NOT_FOUND } from './views.ts';

/** One request inside Flask, from the WSGI call to start_response. Replaced, never changed. */
interface ViewCall {
  readonly key: string;
  readonly caller: string;
  readonly callId: number;
  readonly endpoint: string;
  readonly route: FlaskRoute | null;
  readonly status: number;
  readonly allow: string | null;
  readonly request: HttpRequestPayload;
  readonly session: SessionData;
  /** The Flask-Session id (session_type redis). */
  readonly sid: string | null;
  /** The view's answer with the session's headers, waiting for Redis to store the session. */
  readonly answer: Rendered | null;
}

export interface FlaskState extends HasTcp {
  /** Views running now, by caller and call id, in the order they started. */
  readonly calls: Table<ViewCall>;
  /** Database connections: the key of the view call each one serves, or null when idle. */
  readonly pool: Table<string | null>;
  /** Redis connections (redis-py's pool), the same way. */
  readonly redisPool: Table<string | null>;
  /** Commands waiting for their connection to open, by connection. */
  readonly pending: Table<AppPayload>;
  readonly handled: number;
}

interface ViewDone {
  readonly key: string;
  readonly result: SqlResultPayload | null;
}

type Ctx = NodeContext<FlaskState>;

const tcpHandlers: TcpHandlers<FlaskState> = {
  onEstablished: (ctx, connId) => {
    const payload = ctx.state.pending.get(connId);
    if (!payload) return;
    const state = ctx.draft();
    state.pending = tableDelete(state.pending, connId, ctx.inPlace);
    tcpSend(ctx, connId, payload);
  },
  onData: (ctx, connId, data) => {
    if (data?.protocol === 'sql' && data.kind === 'result') {
      const key = ctx.state.pool.get(connId);
      if (!key) return;
      const state = ctx.draft();
      state.pool = tableSet(state.pool, connId, null, ctx.inPlace);
      const call = ctx.state.calls.get(key);
      if (call) finishAfterProcessing(ctx, call, data);
      return;
    }
    if (data?.protocol === 'redis' && data.kind === 'reply') {
      const key = ctx.state.redisPool.get(connId);
      if (!key) return;
      const state = ctx.draft();
      state.redisPool = tableSet(state.redisPool, connId, null, ctx.inPlace);
      const call = ctx.state.calls.get(key);
      if (call) redisReplied(ctx, call, data.reply.type === 'bulk' ? data.reply.value : null);
    }
  },
  onReset: (ctx, conn) => connectionFailed(ctx, conn, 'connection refused'),
  onTimedOut: (ctx, conn) => connectionFailed(ctx, conn, 'connection timed out'),
};

/** A database or Redis connection failed: the view's request ends in a 500, as an unhandled exception does. */
function connectionFailed(ctx: Ctx, conn: TcpConnection, message: string): void {
  const sqlKey = ctx.state.pool.get(conn.id);
  const redisKey = ctx.state.redisPool.get(conn.id);
  const state = ctx.draft();
  state.pool = tableDelete(state.pool, conn.id, ctx.inPlace);
  state.redisPool = tableDelete(state.redisPool, conn.id, ctx.inPlace);
  state.pending = tableDelete(state.pending, conn.id, ctx.inPlace);
  const call = ctx.state.calls.get(sqlKey ?? redisKey ?? '');
  if (call) finishAfterProcessing(ctx, call, failure(message));
}

function failure(message: string): SqlResultPayload {
  return { protocol: 'sql', kind: 'result', columns: [], rows: [], commandTag: null, error: { severity: 'ERROR', code: '08001', message } };
}

/**
 * A Flask application, called through WSGI. It opens the session (a signed cookie, or a
 * Redis lookup), routes the path to a view, which may run one SQL query (over a pooled
 * connection, opened on first use as SQLAlchemy does), then saves the session and answers.
 */
export const flaskBehaviour: Behaviour<FlaskState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), calls: new Map(), pool: new Map(), redisPool: new Map(), pending: new Map(), handled: 0 };
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
    const call = ctx.state.calls.get(done.key);
    if (call) viewReturned(ctx, call, done.result);
  },
};

function storeCall(ctx: Ctx, call: ViewCall): void {
  const state = ctx.draft();
  state.calls = tableSet(state.calls, call.key, call, ctx.inPlace);
}

function startView(ctx: Ctx, wsgi: WsgiCallPayload, caller: string): void {
  const config = ctx.node.config as FlaskConfig;
  // What Flask reads from environ['REQUEST_METHOD'] and environ['PATH_INFO'].
  const request = wsgi.request;
  const target = request.target;
  const query = target.indexOf('?');
  const matched = matchRoute(config, request.method, query < 0 ? target : target.slice(0, query));
  const route = matched.route;
  const endpoint = route?.endpoint ?? (matched.status === 404 ? 'NotFound' : 'MethodNotAllowed');
  const call: ViewCall = { key: `${caller}#${wsgi.callId}`, caller, callId: wsgi.callId, endpoint, route, status: matched.status, allow: matched.allow, request, session: NO_SESSION, sid: null, answer: null };
  storeCall(ctx, call);
  if (config.session_type === 'redis') {
    // Flask-Session opens the session for every request: a cookie means a GET to Redis.
    const sid = cookiesOf(request)[SESSION_COOKIE];
    if (sid) {
      storeCall(ctx, { ...call, sid });
      sendRedis(ctx, call.key, ['GET', REDIS_KEY_PREFIX + sid]);
      return;
    }
    const opened: ViewCall = { ...call, sid: newSessionId(ctx.rng), session: NEW_SERVER_SESSION };
    storeCall(ctx, opened);
    sessionOpened(ctx, opened);
    return;
  }
  // The signed cookie is only read when a view looks at the session: reading it changes nothing else.
  if (route && route.view !== 'text' && route.view !== 'redirect' && route.view !== 'file') {
    const opened: ViewCall = { ...call, session: readCookieSession(config, cookiesOf(request)[SESSION_COOKIE], ctx.now) };
    storeCall(ctx, opened);
    sessionOpened(ctx, opened);
    return;
  }
  sessionOpened(ctx, call);
}

const NO_SESSION: SessionData = Object.freeze({});

/** The Redis reply for this call: the session it read (GET), or the end of saving it (SETEX, DEL). */
function redisReplied(ctx: Ctx, call: ViewCall, value: string | null): void {
  if (call.answer) {
    respond(ctx, call, call.answer);
    return;
  }
  const opened: ViewCall = { ...call, session: parseStoredSession(value) ?? NEW_SERVER_SESSION };
  storeCall(ctx, opened);
  sessionOpened(ctx, opened);
}

function sessionOpened(ctx: Ctx, call: ViewCall): void {
  const config = ctx.node.config as FlaskConfig;
  if (!call.route?.sql) {
    finishAfterProcessing(ctx, call, null);
    return;
  }
  const database = config.database ? databaseOf(config.database) : undefined;
  const address = database ? ctx.world.hostAddress(database.host) : undefined;
  if (!database || !address) {
    finishAfterProcessing(ctx, call, failure(database ? `could not translate host name "${database.host}" to address` : 'no database configured'));
    return;
  }
  const connId = idleConnection(ctx, ctx.state.pool) ?? tcpConnect(ctx, address, database.port);
  const state = ctx.draft();
  state.pool = tableSet(state.pool, connId, call.key, ctx.inPlace);
  sendOrQueue(ctx, connId, { protocol: 'sql', kind: 'query', query: call.route.sql });
}

function idleConnection(ctx: Ctx, pool: Table<string | null>): string | undefined {
  const conns = ctx.state.tcp.conns;
  for (const [connId, user] of pool) if (user === null && conns.get(connId)?.state === 'ESTABLISHED') return connId;
  return undefined;
}

/** Sends on an open connection, or keeps the message until the handshake completes. */
function sendOrQueue(ctx: Ctx, connId: string, payload: AppPayload): void {
  if (ctx.state.tcp.conns.get(connId)?.state === 'ESTABLISHED') {
    tcpSend(ctx, connId, payload);
    return;
  }
  const state = ctx.draft();
  state.pending = tableSet(state.pending, connId, payload, ctx.inPlace);
}

function sendRedis(ctx: Ctx, key: string, args: readonly string[]): void {
  const config = ctx.node.config as FlaskConfig;
  const server = config.session_redis ? redisOf(config.session_redis) : undefined;
  const address = server ? ctx.world.hostAddress(server.host) : undefined;
  const call = ctx.state.calls.get(key);
  if (!server || !address) {
    if (call) finishAfterProcessing(ctx, call, failure(`Error connecting to Redis: ${server ? `${server.host}:${server.port}` : 'SESSION_REDIS is not set'}`));
    return;
  }
  const connId = idleConnection(ctx, ctx.state.redisPool) ?? tcpConnect(ctx, address, server.port);
  const state = ctx.draft();
  state.redisPool = tableSet(state.redisPool, connId, key, ctx.inPlace);
  sendOrQueue(ctx, connId, { protocol: 'redis', kind: 'command', args });
}

function finishAfterProcessing(ctx: Ctx, call: ViewCall, result: SqlResultPayload | null): void {
  if (!ctx.state.calls.has(call.key)) return;
  const processingMs = call.route?.processingMs ?? 0.2;
  ctx.timer(processingMs, { key: call.key, result } satisfies ViewDone, new ViewNote(call.endpoint, processingMs));
}

/** The view returned: the session interface adds its headers (and may write to Redis first). */
function viewReturned(ctx: Ctx, call: ViewCall, result: SqlResultPayload | null): void {
  const config = ctx.node.config as FlaskConfig;
  const output = runView({ route: call.route, status: call.status, allow: call.allow, request: call.request, session: call.session, result, now: ctx.now });
  let rendered = output.rendered;
  const failed = result?.error !== undefined && result.error !== null;
  if (config.session_type === 'redis' && call.sid !== null && !failed) {
    const save = redisSessionSave(config, call.sid, output, ctx.now);
    rendered = withHeaders(rendered, save.headers);
    if (save.command) {
      storeCall(ctx, { ...call, answer: rendered });
      sendRedis(ctx, call.key, save.command);
      return;
    }
  } else if (config.session_type === 'cookie' && !failed) {
    rendered = withHeaders(rendered, cookieSessionHeaders(config, output, ctx.now));
  }
  respond(ctx, call, rendered);
}

function withHeaders(rendered: Rendered, extra: Rendered['headers']): Rendered {
  return extra.length === 0 ? rendered : { status: rendered.status, headers: [...rendered.headers, ...extra], body: rendered.body };
}

function respond(ctx: Ctx, call: ViewCall, rendered: Rendered): void {
  const state = ctx.draft();
  state.calls = tableDelete(state.calls, call.key, ctx.inPlace);
  state.handled = state.handled + 1;
  // Werkzeug sends no body for HEAD, 304 (and 1xx, 204), keeping the headers.
  const sent = call.request.method === 'HEAD' ? withoutBody(rendered) : rendered;
  const response: WsgiResponsePayload = { protocol: 'wsgi', kind: 'response', callId: call.callId, status: statusString(sent.status), headers: sent.headers, body: sent.body };
  ctx.call(call.caller, response);
}

export function flaskStatus(state: FlaskState, config: FlaskConfig): NodeStatus {
  const running = [...state.calls.values()];
  return {
    headline: running.length ? `Running ${running.map((call) => `${call.endpoint}()`).join(', ')}` : `${config.routes.length} route${config.routes.length === 1 ? '' : 's'}`,
    details: [
      { label: 'Routes', value: config.routes.map((route) => route.rule).join(' ') || 'none' },
      { label: 'Sessions', value: config.session_type === 'redis' ? `Redis (${config.session_redis ?? 'not set'})` : 'signed cookie' },
      { label: 'DB connections', value: String(state.pool.size) },
      { label: 'Redis connections', value: String(state.redisPool.size) },
      { label: 'Open sockets', value: String(openConnections(state.tcp)) },
      { label: 'Requests handled', value: String(state.handled) },
    ],
    active: running.length > 0,
  };
}

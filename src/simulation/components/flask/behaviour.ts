import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { SqlResultPayload, WsgiCallPayload, WsgiResponsePayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { reasonPhrase } from '../../protocols/http.ts';
import { splitTarget } from '../../protocols/wsgi.ts';
import { newTcpTable, openConnections, tcpConnect, tcpReceive, tcpSend, type HasTcp } from '../tcp-endpoint.ts';
import type { FlaskConfig, FlaskRoute } from './config.ts';

interface ViewCall {
  readonly caller: string;
  readonly callId: number;
  readonly endpoint: string;
  readonly route: FlaskRoute | null;
  readonly status: number;
}

export interface FlaskState extends HasTcp {
  /** Views running now, by "caller:callId". */
  readonly calls: Readonly<Record<string, ViewCall>>;
  /** Database connections: the view call each one serves, or null when idle. */
  readonly pool: Readonly<Record<string, string | null>>;
  readonly handled: number;
}

interface ViewDone {
  readonly key: string;
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
export const flaskBehaviour: Behaviour<FlaskState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), calls: {}, pool: {}, handled: 0 };
  },

  onPacket(ctx, packet, from) {
    const app = packet.app;
    if (app?.protocol === 'wsgi' && app.kind === 'call') {
      startView(ctx, app, from);
      return;
    }
    tcpReceive(ctx, packet, {
      onEstablished: (connId) => {
        const key = ctx.state.pool[connId];
        if (key) sendQuery(ctx, connId, key);
      },
      onData: (connId, data) => {
        if (data?.protocol !== 'sql' || data.kind !== 'result') return;
        const key = ctx.state.pool[connId];
        if (!key) return;
        ctx.setState({ ...ctx.state, pool: { ...ctx.state.pool, [connId]: null } });
        finishAfterProcessing(ctx, key, data);
      },
      onReset: (conn) => {
        const key = ctx.state.pool[conn.id];
        const pool = { ...ctx.state.pool };
        delete pool[conn.id];
        ctx.setState({ ...ctx.state, pool });
        if (key) {
          const error: SqlResultPayload = { protocol: 'sql', kind: 'result', columns: [], rows: [], commandTag: null, error: { severity: 'ERROR', code: '08001', message: 'connection refused' } };
          finishAfterProcessing(ctx, key, error);
        }
      },
    });
  },

  onTimer(ctx, payload) {
    const done = payload as ViewDone;
    const call = ctx.state.calls[done.key];
    if (!call) return;
    const calls = { ...ctx.state.calls };
    delete calls[done.key];
    ctx.setState({ ...ctx.state, calls, handled: ctx.state.handled + 1 });
    ctx.call(call.caller, render(call, done.result));
  },
};

function matchRoute(config: FlaskConfig, method: string, path: string): { route: FlaskRoute | null; status: number } {
  const matches = config.routes.filter((route) => route.rule === path);
  if (matches.length === 0) return { route: null, status: 404 };
  const allowed = matches.find((route) => route.methods.includes(method as FlaskRoute['methods'][number]) || (method === 'HEAD' && route.methods.includes('GET')));
  return allowed ? { route: allowed, status: allowed.status } : { route: null, status: 405 };
}

function startView(ctx: Ctx, call: WsgiCallPayload, caller: string): void {
  const config = ctx.node.config as FlaskConfig;
  // What Flask reads from environ['REQUEST_METHOD'] and environ['PATH_INFO'].
  const method = call.request.method;
  const path = splitTarget(call.request.target)[0];
  const { route, status } = matchRoute(config, method, path);
  const key = `${caller}:${call.callId}`;
  const view: ViewCall = { caller, callId: call.callId, endpoint: route?.endpoint ?? (status === 404 ? 'NotFound' : 'MethodNotAllowed'), route, status };
  ctx.setState({ ...ctx.state, calls: { ...ctx.state.calls, [key]: view } });
  if (!route?.sql) {
    finishAfterProcessing(ctx, key, null);
    return;
  }
  const database = config.database ? parseDatabaseUrl(config.database) : undefined;
  const address = database ? ctx.world.hostAddress(database.host) : undefined;
  if (!database || !address) {
    const message = database ? `could not translate host name "${database.host}" to address` : 'no database configured';
    finishAfterProcessing(ctx, key, { protocol: 'sql', kind: 'result', columns: [], rows: [], commandTag: null, error: { severity: 'ERROR', code: '08001', message } });
    return;
  }
  const idle = Object.entries(ctx.state.pool).find(([connId, user]) => user === null && ctx.state.tcp.conns.get(connId)?.state === 'ESTABLISHED');
  if (idle) {
    ctx.setState({ ...ctx.state, pool: { ...ctx.state.pool, [idle[0]]: key } });
    sendQuery(ctx, idle[0], key);
    return;
  }
  const connId = tcpConnect(ctx, address, database.port);
  ctx.setState({ ...ctx.state, pool: { ...ctx.state.pool, [connId]: key } });
}

function sendQuery(ctx: Ctx, connId: string, key: string): void {
  const sql = ctx.state.calls[key]?.route?.sql;
  if (sql) tcpSend(ctx, connId, { protocol: 'sql', kind: 'query', query: sql });
}

function finishAfterProcessing(ctx: Ctx, key: string, result: SqlResultPayload | null): void {
  const call = ctx.state.calls[key];
  if (!call) return;
  const processingMs = call.route?.processingMs ?? 0.2;
  ctx.timer(processingMs, { key, result } satisfies ViewDone, `View ${call.endpoint}() returned after ${processingMs} ms of Python`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function render(call: ViewCall, result: SqlResultPayload | null): WsgiResponsePayload {
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
    protocol: 'wsgi',
    kind: 'response',
    callId: call.callId,
    status: `${status} ${reasonPhrase(status).toUpperCase()}`,
    headers: [
      ['Content-Type', contentType],
      ['Content-Length', String(utf8Length(body))],
    ],
    body,
  };
}

function parseDatabaseUrl(url: string): { host: string; port: number } | undefined {
  const match = /^postgresql:\/\/(?:[^@/\s]+@)?([A-Za-z0-9.-]+)(?::(\d+))?\//.exec(url);
  return match ? { host: match[1]!, port: match[2] ? Number(match[2]) : 5432 } : undefined;
}

export function flaskStatus(state: FlaskState, config: FlaskConfig): NodeStatus {
  const running = Object.values(state.calls);
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

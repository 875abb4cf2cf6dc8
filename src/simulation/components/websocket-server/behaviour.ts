import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload, WebSocketFramePayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import { headerValue, reasonPhrase, requestLine } from '../../protocols/http.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { closeCode, closePayload, handshakeProblem, makeFrame, payloadText, switchingProtocolsHeaders, textPayload } from '../../protocols/websocket.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { WebSocketServerConfig } from './config.ts';

/** An upgraded connection: where it was opened and whether the closing handshake has begun. */
interface OpenSocket {
  readonly path: string;
  readonly closing: boolean;
  /** The pending ping timer, cancelled when the socket closes; -1 for none. */
  readonly pingTimer: number;
}

export interface WebSocketServerState extends HasTcp {
  readonly sockets: Table<OpenSocket>;
  readonly handshakes: number;
  readonly refused: number;
  readonly messagesEchoed: number;
  readonly lastMessage: string | null;
}

type Ctx = NodeContext<WebSocketServerState>;

/** The ping timer of one connection. */
interface PingDue {
  readonly type: 'ws-ping';
  readonly connId: string;
}

/** The body the recorded server answers a request that is not a handshake with (websocket.json). */
const NOT_A_HANDSHAKE = 'not a websocket handshake\n';

const tcpHandlers: TcpHandlers<WebSocketServerState> = {
  listening: (ctx, port) => port === (ctx.node.config as WebSocketServerConfig).port,
  onData: (ctx, connId, app) => {
    if (app?.protocol === 'http' && app.kind === 'request') onRequest(ctx, connId, app);
    else if (app?.protocol === 'ws') onFrame(ctx, connId, app);
  },
  onPeerClosed: (ctx, connId) => {
    forgetSocket(ctx, connId);
    tcpClose(ctx, connId);
  },
  onClosed: (ctx, conn) => forgetSocket(ctx, conn.id),
  onReset: (ctx, conn) => forgetSocket(ctx, conn.id),
};

/**
 * An echo server speaking RFC 6455, like the recording's stdlib server: it upgrades an
 * opening handshake with 101 Switching Protocols, sends each text message back with a
 * prefix, answers a ping with a pong, pings on its own every `pingIntervalMs`, and answers a
 * close frame with its own before closing the TCP connection (the server closes first,
 * section 7.1.1). Any other request gets 400 and the connection is closed.
 */
export const websocketServerBehaviour: Behaviour<WebSocketServerState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), sockets: new Map(), handshakes: 0, refused: 0, messagesEchoed: 0, lastMessage: null };
  },
  onPacket(ctx, packet) {
    tcpReceive(ctx, packet, tcpHandlers);
  },
  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const due = payload as PingDue;
    const socket = ctx.state.sockets.get(due.connId);
    if (!socket || socket.closing) return;
    send(ctx, due.connId, makeFrame('ping', []));
    const state = ctx.draft();
    state.sockets = tableSet(state.sockets, due.connId, { ...socket, pingTimer: schedulePing(ctx, due.connId) }, ctx.inPlace);
  },
};

function onRequest(ctx: Ctx, connId: string, request: HttpRequestPayload): void {
  const problem = handshakeProblem(request);
  if (problem !== undefined) {
    ctx.note(`Not a WebSocket handshake (${problem}): 400 Bad Request`);
    const state = ctx.draft();
    state.refused = state.refused + 1;
    tcpSend(ctx, connId, badRequest(request));
    tcpClose(ctx, connId);
    return;
  }
  const response: HttpResponsePayload = {
    protocol: 'http',
    kind: 'response',
    version: 'HTTP/1.1',
    status: 101,
    reason: reasonPhrase(101),
    headers: switchingProtocolsHeaders(headerValue(request.headers, 'Sec-WebSocket-Key')!),
    body: '',
  };
  tcpSend(ctx, connId, response);
  const state = ctx.draft();
  state.handshakes = state.handshakes + 1;
  state.sockets = tableSet(state.sockets, connId, { path: request.target, closing: false, pingTimer: schedulePing(ctx, connId) }, ctx.inPlace);
  ctx.note(`${requestLine(request)}: upgraded to WebSocket`);
}

function badRequest(request: HttpRequestPayload): HttpResponsePayload {
  return {
    protocol: 'http',
    kind: 'response',
    version: request.version === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1',
    status: 400,
    reason: reasonPhrase(400),
    headers: [
      ['Content-Type', 'text/plain'],
      ['Content-Length', String(utf8Length(NOT_A_HANDSHAKE))],
      ['Connection', 'close'],
    ],
    body: NOT_A_HANDSHAKE,
  };
}

function onFrame(ctx: Ctx, connId: string, { frame }: WebSocketFramePayload): void {
  const socket = ctx.state.sockets.get(connId);
  if (!socket) return;
  const config = ctx.node.config as WebSocketServerConfig;
  switch (frame.opcode) {
    case 'text': {
      const text = payloadText(frame);
      const state = ctx.draft();
      state.messagesEchoed = state.messagesEchoed + 1;
      state.lastMessage = text;
      send(ctx, connId, makeFrame('text', textPayload(`${config.echoPrefix}${text}`)));
      return;
    }
    case 'ping':
      send(ctx, connId, makeFrame('pong', frame.payload));
      return;
    case 'close': {
      // Echo the status code back, then close the TCP connection: the server closes first.
      if (!socket.closing) send(ctx, connId, makeFrame('close', closePayload(closeCode(frame) ?? 1000)));
      if (socket.pingTimer >= 0) ctx.cancelTimer(socket.pingTimer);
      const state = ctx.draft();
      state.sockets = tableSet(state.sockets, connId, { ...socket, closing: true, pingTimer: -1 }, ctx.inPlace);
      tcpClose(ctx, connId);
      return;
    }
    default:
      return;
  }
}

/** Frames from a server are never masked (RFC 6455 section 5.1). */
function send(ctx: Ctx, connId: string, frame: WebSocketFramePayload['frame']): void {
  tcpSend(ctx, connId, { protocol: 'ws', frame });
}

/** Arms the next ping, returning its timer (-1 when the server never pings). */
function schedulePing(ctx: Ctx, connId: string): number {
  const interval = (ctx.node.config as WebSocketServerConfig).pingIntervalMs;
  return interval > 0 ? ctx.timer(interval, { type: 'ws-ping', connId } satisfies PingDue, 'Ping the client: is it still there?') : -1;
}

function forgetSocket(ctx: Ctx, connId: string): void {
  const socket = ctx.state.sockets.get(connId);
  if (!socket) return;
  if (socket.pingTimer >= 0) ctx.cancelTimer(socket.pingTimer);
  const state = ctx.draft();
  state.sockets = tableDelete(state.sockets, connId, ctx.inPlace);
}

export function websocketServerStatus(state: WebSocketServerState, config?: WebSocketServerConfig): NodeStatus {
  const open = state.sockets.size;
  return {
    headline: open > 0 ? `${open} WebSocket${open === 1 ? '' : 's'} open` : 'Waiting for connections',
    details: [
      ...(config ? [{ label: 'Listening', value: `0.0.0.0:${config.port}` }] : []),
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'Handshakes', value: `${state.handshakes} upgraded, ${state.refused} refused` },
      { label: 'Messages echoed', value: String(state.messagesEchoed) },
      ...(state.lastMessage === null ? [] : [{ label: 'Last message', value: state.lastMessage }]),
    ],
    active: open > 0,
  };
}

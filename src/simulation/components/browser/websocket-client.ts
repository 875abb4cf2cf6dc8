import type { NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload, WebSocketFramePayload } from '../../engine/packet.ts';
import { tableDelete, tableSet } from '../../engine/table.ts';
import { base64, closeCode, closePayload, handshakeResponseProblem, makeFrame, payloadText, textPayload, type Opcode, type WebSocketFrame } from '../../protocols/websocket.ts';
import { tcpClose, tcpSend } from '../tcp-endpoint.ts';
import { websocketHandshakeHeaders } from './request-headers.ts';
import type { BrowserConfig, Visit } from './config.ts';
import { targetOf, type BrowserState, type FetchJob, type SocketMessage, type SocketUse, type WebSocketView } from './state.ts';
import { forgetConnection, startFetch } from './fetching.ts';

/**
 * new WebSocket(url) in a page's script (RFC 6455): the opening handshake is an HTTP GET on a
 * connection of its own (never a pooled keep-alive one), answered by 101 Switching Protocols
 * with the right Sec-WebSocket-Accept. Then the script sends its messages, each once the
 * answer to the one before has come back, answers the server's pings, and after holdOpenMs
 * calls close(): a close frame with 1000, the server's close frame, and the server closes the
 * TCP connection. Every frame the browser sends is masked with a fresh key (section 5.3).
 */

type Ctx = NodeContext<BrowserState>;

/** How long the script keeps the socket open after the last answer, unless the visit says. */
export const DEFAULT_HOLD_OPEN_MS = 1000;

/** The timer of close(). */
export interface SocketCloseTimer {
  readonly type: 'ws-close';
  readonly connId: string;
}

export function isSocketCloseTimer(payload: unknown): payload is SocketCloseTimer {
  return (payload as SocketCloseTimer | undefined)?.type === 'ws-close';
}

/** The visit's timer summary: what the script does. */
export function socketVisitSummary(visit: Visit): string {
  return `The page's script runs new WebSocket('${visit.url}')`;
}

/** Opens the socket: its handshake goes out like a request, from the page of that origin. */
export function startWebSocket(ctx: Ctx, visit: Visit): void {
  const to = targetOf(visit.url.replace(/^ws:/, 'http:'))!;
  const shown = ctx.state.page;
  const documentUrl = shown.kind === 'loaded' && targetOf(shown.documentUrl)?.origin === to.origin ? shown.documentUrl : `${to.origin}/`;
  const key = base64(randomBytes(ctx, 16));
  const job: FetchJob = {
    load: ctx.state.nextLoad,
    slot: 0,
    to,
    destination: 'websocket',
    method: 'GET',
    body: '',
    contentType: undefined,
    formSubmission: false,
    initiator: documentUrl,
    redirects: 0,
    revalidating: undefined,
    conditions: [],
    retried: false,
    websocket: { key, url: visit.url, messages: visit.messages ?? [], holdOpenMs: visit.holdOpenMs ?? DEFAULT_HOLD_OPEN_MS },
  };
  const state = ctx.draft();
  state.nextLoad = job.load + 1;
  state.page = { kind: 'websocket', url: visit.url, documentUrl, state: 'connecting', status: null, messages: [], closeCode: null, consoleError: null };
  startFetch(ctx, job);
}

/** The opening handshake, with Chromium's headers and the page's Origin. */
export function handshakeRequest(ctx: Ctx, job: FetchJob, cookie: string | undefined): HttpRequestPayload {
  const config = ctx.node.config as BrowserConfig;
  const origin = targetOf(job.initiator ?? job.to.url)?.origin ?? job.to.origin;
  const headers = websocketHandshakeHeaders({ host: job.to.host, port: job.to.port, userAgent: config.userAgent, origin, cookie, key: job.websocket!.key });
  return { protocol: 'http', kind: 'request', method: 'GET', target: job.to.target, version: 'HTTP/1.1', headers, body: '' };
}

/** The server answered the handshake: the socket opens, or fails as Chromium says. */
export function handshakeAnswered(ctx: Ctx, connId: string, job: FetchJob, response: HttpResponsePayload): void {
  const socket = job.websocket!;
  forgetConnection(ctx, connId);
  const problem = handshakeResponseProblem(response.status, response.headers, socket.key);
  if (problem !== undefined) {
    tcpClose(ctx, connId);
    fail(ctx, socket.url, `Error during WebSocket handshake: ${problem}`, response.status);
    return;
  }
  const use: SocketUse = { id: connId, url: socket.url, unsent: socket.messages, holdOpenMs: socket.holdOpenMs, closing: false, closeCode: null };
  const state = ctx.draft();
  state.sockets = tableSet(state.sockets, connId, use, ctx.inPlace);
  changeView(ctx, socket.url, { state: 'open', status: response.status });
  ctx.note(`WebSocket open: ${socket.url}`);
  sendNextOrWait(ctx, use);
}

/** The handshake never got an answer (DNS, refused, reset, timed out): the socket fails. */
export function handshakeFailed(ctx: Ctx, job: FetchJob, code: string): void {
  // A lookup that failed is net::ERR_NAME_NOT_RESOLVED underneath Chromium's DNS_PROBE pages.
  const netError = code.startsWith('DNS_PROBE') ? 'ERR_NAME_NOT_RESOLVED' : code;
  fail(ctx, job.websocket!.url, `Error in connection establishment: net::${netError}`, null);
}

function fail(ctx: Ctx, url: string, reason: string, status: number | null): void {
  const consoleError = `WebSocket connection to '${url}' failed: ${reason}`;
  changeView(ctx, url, { state: 'failed', status, closeCode: 1006, consoleError });
  ctx.note(consoleError);
}

/** A frame from the server on an open socket. */
export function socketFrame(ctx: Ctx, connId: string, { frame }: WebSocketFramePayload): void {
  const socket = ctx.state.sockets.get(connId);
  if (!socket) return;
  record(ctx, socket.url, 'received', frame);
  switch (frame.opcode) {
    case 'text':
    case 'binary':
      if (!socket.closing) sendNextOrWait(ctx, socket);
      return;
    case 'ping':
      // The browser answers a ping itself, with the same data; the script never sees it.
      send(ctx, socket, 'pong', frame.payload);
      return;
    case 'close': {
      const code = closeCode(frame) ?? 1005;
      // A close the server began is answered with the same code (section 5.5.1).
      if (!socket.closing) send(ctx, socket, 'close', closePayload(code));
      update(ctx, { ...socket, closing: true, closeCode: code });
      changeView(ctx, socket.url, { state: 'closing' });
      return;
    }
    default:
      return;
  }
}

/** close() in the script, holdOpenMs after the last answer. */
export function closeSocket(ctx: Ctx, timer: SocketCloseTimer): void {
  const socket = ctx.state.sockets.get(timer.connId);
  if (!socket || socket.closing) return;
  send(ctx, socket, 'close', closePayload(1000));
  update(ctx, { ...socket, closing: true });
  changeView(ctx, socket.url, { state: 'closing' });
}

/** Whether a TCP connection is an upgraded one. */
export function isSocket(ctx: Ctx, connId: string): boolean {
  return ctx.state.sockets.has(connId);
}

/**
 * The TCP connection under a socket ended: after the closing handshake the server closes
 * first and the socket is closed with the code of the close frames; without them, 1006.
 */
export function socketEnded(ctx: Ctx, connId: string): void {
  const socket = ctx.state.sockets.get(connId);
  if (!socket) return;
  if (ctx.state.tcp.conns.get(connId)?.state === 'CLOSE_WAIT') tcpClose(ctx, connId);
  const state = ctx.draft();
  state.sockets = tableDelete(state.sockets, connId, ctx.inPlace);
  const code = socket.closeCode ?? 1006;
  changeView(ctx, socket.url, { state: 'closed', closeCode: code });
  ctx.note(`WebSocket closed: code ${code}${code === 1006 ? ' (the connection dropped without a close frame)' : ''}`);
}

function sendNextOrWait(ctx: Ctx, socket: SocketUse): void {
  const [next, ...rest] = socket.unsent;
  if (next === undefined) {
    ctx.timer(socket.holdOpenMs, { type: 'ws-close', connId: socket.id } satisfies SocketCloseTimer, "The page's script calls close() on the WebSocket");
    return;
  }
  send(ctx, socket, 'text', textPayload(next));
  update(ctx, { ...socket, unsent: rest });
}

/** A client frame: FIN set, masked with four fresh random bytes. */
function send(ctx: Ctx, socket: SocketUse, opcode: Opcode, payload: readonly number[]): void {
  const frame = makeFrame(opcode, payload, randomBytes(ctx, 4));
  tcpSend(ctx, socket.id, { protocol: 'ws', frame });
  record(ctx, socket.url, 'sent', frame);
}

function randomBytes(ctx: Ctx, count: number): number[] {
  return Array.from({ length: count }, () => ctx.rng.int(0, 255));
}

function update(ctx: Ctx, socket: SocketUse): void {
  const state = ctx.draft();
  state.sockets = tableSet(state.sockets, socket.id, socket, ctx.inPlace);
}

function record(ctx: Ctx, url: string, direction: SocketMessage['direction'], frame: WebSocketFrame): void {
  const code = closeCode(frame);
  const text = payloadText(frame);
  const data = code === null ? text : `${code}${text ? ` ${text}` : ''}`;
  const message: SocketMessage = { direction, opcode: frame.opcode, data, length: frame.payload.length, at: ctx.now };
  const page = ctx.state.page;
  if (page.kind === 'websocket' && page.url === url) changeView(ctx, url, { messages: [...page.messages, message] });
}

/** Changes the tab's socket view, if the tab still shows this socket. */
function changeView(ctx: Ctx, url: string, patch: Partial<Omit<WebSocketView, 'kind'>>): void {
  const page = ctx.state.page;
  if (page.kind !== 'websocket' || page.url !== url) return;
  ctx.draft().page = { ...page, ...patch };
}

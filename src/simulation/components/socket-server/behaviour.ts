import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import { appendLine } from '../log-lines.ts';
import type { AppPayload, HttpResponsePayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import { requestLine } from '../../protocols/http.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { SocketServerConfig } from './config.ts';
import { filesResponse, fixedResponse } from './responses.ts';

/** One line of what the program prints, kept as its parts and written when read. */
interface Printed {
  readonly client: string;
  readonly clientPort: number;
  /** The request line it read, or null when the bytes were not HTTP (a TLS ClientHello). */
  readonly line: string | null;
  /** "200 OK", or null when it closed without answering. */
  readonly answer: string | null;
}

export interface SocketServerState extends HasTcp {
  readonly accepted: number;
  readonly answered: number;
  readonly closedWithoutAnswer: number;
  /** The newest lines last, at most the last 50 (log-lines.ts). */
  readonly printed: readonly Printed[];
}

type Ctx = NodeContext<SocketServerState>;

const PRINTED_SHOWN = 12;

const tcpHandlers: TcpHandlers<SocketServerState> = {
  listening: (ctx, port) => port === (ctx.node.config as SocketServerConfig).port,
  onAccepted: (ctx) => {
    const state = ctx.draft();
    state.accepted = state.accepted + 1;
  },
  onData: (ctx, connId, app) => onBytes(ctx, connId, app),
  onPeerClosed: (ctx, connId) => tcpClose(ctx, connId),
};

/**
 * A program on a port: the socket server a beginner writes in Python before any framework.
 *
 *   s = socket.socket(); s.bind(('0.0.0.0', 8080)); s.listen()
 *   while True:
 *       conn, addr = s.accept()
 *       data = conn.recv(1024)
 *       ...            # behaviour: close, fixed or files
 *       conn.close()
 *
 * The kernel completes the handshake (accept() returns the connection); the program reads
 * the request's bytes and, as configured, closes at once (the client reads an empty reply),
 * sends one fixed 200 OK, or parses the request line and sends a file. It always closes
 * after: there is no keep-alive in a loop like this one.
 */
export const socketServerBehaviour: Behaviour<SocketServerState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), accepted: 0, answered: 0, closedWithoutAnswer: 0, printed: [] };
  },
  onPacket(ctx, packet) {
    tcpReceive(ctx, packet, tcpHandlers);
  },
  onTimer(ctx, payload) {
    tcpTimer(ctx, payload, tcpHandlers);
  },
};

function onBytes(ctx: Ctx, connId: string, app: AppPayload | null): void {
  const config = ctx.node.config as SocketServerConfig;
  const request = app?.protocol === 'http' && app.kind === 'request' ? app : null;
  const line = request ? requestLine(request) : null;
  const what = line ?? `${app?.protocol ?? 'raw'} bytes`;
  let response: HttpResponsePayload | null = null;
  if (config.behaviour === 'fixed') {
    response = fixedResponse(config);
    ctx.note(`Read ${what}; sends its fixed 200 OK without looking at it, then closes`);
  } else if (config.behaviour === 'files' && request) {
    const answer = filesResponse(config, request);
    response = answer.response;
    const file = answer.path === null ? '' : ` (${answer.path}${response.status === 200 ? '' : ' is not on disk'})`;
    ctx.note(`Parsed ${line}: ${response.status} ${response.reason}${file}, then closes`);
  } else {
    ctx.note(config.behaviour === 'files' ? `Read ${what}, which has no request line to parse: closes without answering` : `Read ${what}; closes the connection without answering`);
  }
  const conn = ctx.state.tcp.conns.get(connId);
  const state = ctx.draft();
  if (response) {
    tcpSend(ctx, connId, response);
    state.answered = state.answered + 1;
  } else {
    state.closedWithoutAnswer = state.closedWithoutAnswer + 1;
  }
  if (conn) {
    const entry: Printed = { client: conn.remoteAddr, clientPort: conn.remotePort, line, answer: response ? `${response.status} ${response.reason}` : null };
    state.printed = appendLine(state.printed, entry, ctx.inPlace);
  }
  tcpClose(ctx, connId);
}

/** What print() wrote for one connection: the peer as Python prints addr, what it read, what it did. */
function printedLine(entry: Printed): string {
  const read = entry.line === null ? 'bytes that are not HTTP' : `'${entry.line}'`;
  return `('${entry.client}', ${entry.clientPort}) ${read} -> ${entry.answer ?? 'closed without answering'}`;
}

const BEHAVIOUR_NAMES: Readonly<Record<SocketServerConfig['behaviour'], string>> = {
  close: 'reads, then closes without answering',
  fixed: 'answers every request with one fixed 200 OK',
  files: 'serves files by the request line (GET only)',
};

export function socketServerStatus(state: SocketServerState, config: SocketServerConfig): NodeStatus {
  const open = openConnections(state.tcp);
  return {
    headline: open > 0 ? `${open} connection${open === 1 ? '' : 's'} open` : `Listening on port ${config.port}`,
    details: [
      { label: 'Listening', value: `0.0.0.0:${config.port}` },
      { label: 'Behaviour', value: BEHAVIOUR_NAMES[config.behaviour] },
      ...(config.behaviour === 'files' ? [{ label: 'Directory', value: config.directory }] : []),
      { label: 'Connections', value: `${state.accepted} accepted, ${open} open` },
      { label: 'Answered', value: `${state.answered} answered, ${state.closedWithoutAnswer} closed without an answer` },
    ],
    ...(state.printed.length > 0 ? { logs: [{ name: 'terminal', lines: state.printed.slice(-PRINTED_SHOWN).map(printedLine) }] } : {}),
    active: open > 0,
  };
}

import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { FtpCommandPayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { extendedPassiveReply, openingReply, passiveReply, VSFTPD, type FtpReply } from '../../protocols/ftp.ts';
import { recordSet, tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import type { FtpServerConfig } from './config.ts';

/** One client's control connection: who it is and the data connection it was offered. */
interface FtpSession {
  /** The name USER gave, until PASS settles it. */
  readonly user: string | null;
  readonly loggedIn: boolean;
  /** The port PASV or EPSV opened for this session's next data connection. */
  readonly passivePort: number | null;
  /** The data connection, once the client connected to the passive port. */
  readonly dataConn: string | null;
  /** A RETR waiting for its data connection. */
  readonly waitingRetr: string | null;
}

export interface FtpServerState extends HasTcp {
  /** Sessions by control connection id. */
  readonly sessions: Table<FtpSession>;
  /** Passive ports listening now, with the control connection each belongs to. */
  readonly passivePorts: Readonly<Record<string, string>>;
  readonly nextPassivePort: number;
  readonly filesSent: number;
  readonly lastTransfer: string | null;
}

type Ctx = NodeContext<FtpServerState>;

const tcpHandlers: TcpHandlers<FtpServerState> = {
  listening: (ctx, port) => port === (ctx.node.config as FtpServerConfig).port || ctx.state.passivePorts[String(port)] !== undefined,
  onAccepted: (ctx, connId) => {
    const conn = ctx.state.tcp.conns.get(connId)!;
    const config = ctx.node.config as FtpServerConfig;
    if (conn.localPort === config.port) {
      setSession(ctx, connId, { user: null, loggedIn: false, passivePort: null, dataConn: null, waitingRetr: null });
      reply(ctx, connId, VSFTPD.greeting);
      return;
    }
    dataConnected(ctx, connId, conn.localPort);
  },
  onData: (ctx, connId, app) => {
    if (app?.protocol === 'ftp' && app.kind === 'command') onCommand(ctx, connId, app);
  },
  onPeerClosed: (ctx, connId) => {
    endSession(ctx, connId);
    tcpClose(ctx, connId);
  },
  onClosed: (ctx, conn) => endSession(ctx, conn.id),
  onReset: (ctx, conn) => endSession(ctx, conn.id),
};

/**
 * vsftpd in passive mode (RFC 959, RFC 2428): a 220 greeting on the control connection,
 * USER and PASS against its accounts, TYPE I, PASV (227) or EPSV (229) opening a port for
 * the data connection, RETR sending the file over it (150, the bytes, the data connection's
 * close, 226), and QUIT (221).
 */
export const ftpServerBehaviour: Behaviour<FtpServerState> = {
  init(node, setup) {
    return { tcp: newTcpTable(setup.rng), sessions: new Map(), passivePorts: {}, nextPassivePort: (node.config as FtpServerConfig).pasv_min_port, filesSent: 0, lastTransfer: null };
  },
  onPacket(ctx, packet) {
    tcpReceive(ctx, packet, tcpHandlers);
  },
  onTimer(ctx, payload) {
    tcpTimer(ctx, payload, tcpHandlers);
  },
};

function onCommand(ctx: Ctx, connId: string, { command, argument }: FtpCommandPayload): void {
  const session = ctx.state.sessions.get(connId);
  if (!session) return;
  const config = ctx.node.config as FtpServerConfig;
  switch (command.toUpperCase()) {
    case 'USER':
      setSession(ctx, connId, { ...session, user: argument, loggedIn: false });
      reply(ctx, connId, VSFTPD.password);
      return;
    case 'PASS': {
      const account = config.users.find((user) => user.name === session.user);
      const ok = account !== undefined && account.password === argument;
      setSession(ctx, connId, { ...session, loggedIn: ok });
      reply(ctx, connId, ok ? VSFTPD.loggedIn : VSFTPD.loginIncorrect);
      if (!ok) ctx.note(`Login incorrect for ${session.user ?? '(no USER)'}`);
      return;
    }
    case 'QUIT':
      reply(ctx, connId, VSFTPD.goodbye);
      tcpClose(ctx, connId);
      return;
    default:
      break;
  }
  if (!session.loggedIn) {
    reply(ctx, connId, VSFTPD.loginFirst);
    return;
  }
  switch (command.toUpperCase()) {
    case 'SYST':
      reply(ctx, connId, VSFTPD.system);
      return;
    case 'TYPE':
      reply(ctx, connId, VSFTPD.binary);
      return;
    case 'PASV':
    case 'EPSV': {
      const port = openPassivePort(ctx, connId);
      reply(ctx, connId, command.toUpperCase() === 'PASV' ? passiveReply(config.address, port) : extendedPassiveReply(port));
      return;
    }
    case 'RETR':
      retrieve(ctx, connId, argument);
      return;
    default:
      reply(ctx, connId, VSFTPD.unknown);
  }
}

/** PASV and EPSV listen on the next port from pasv_min_port for this session's data connection. */
function openPassivePort(ctx: Ctx, connId: string): number {
  const port = ctx.state.nextPassivePort;
  const state = ctx.draft();
  state.nextPassivePort = port + 1;
  state.passivePorts = recordSet(state.passivePorts, String(port), connId, ctx.inPlace);
  setSession(ctx, connId, { ...ctx.state.sessions.get(connId)!, passivePort: port, dataConn: null });
  ctx.note(`Listening on port ${port} for the data connection`);
  return port;
}

function dataConnected(ctx: Ctx, dataConn: string, port: number): void {
  const controlConn = ctx.state.passivePorts[String(port)];
  const session = controlConn === undefined ? undefined : ctx.state.sessions.get(controlConn);
  if (!controlConn || !session) return;
  // The port takes one connection: vsftpd stops listening once the data connection is in.
  const state = ctx.draft();
  state.passivePorts = withoutPort(state.passivePorts, port);
  setSession(ctx, controlConn, { ...session, dataConn });
  if (session.waitingRetr !== null) retrieve(ctx, controlConn, session.waitingRetr);
}

function retrieve(ctx: Ctx, connId: string, path: string): void {
  const session = ctx.state.sessions.get(connId)!;
  if (session.passivePort === null) {
    reply(ctx, connId, VSFTPD.usePasvFirst);
    return;
  }
  if (session.dataConn === null) {
    setSession(ctx, connId, { ...session, waitingRetr: path });
    return;
  }
  const file = (ctx.node.config as FtpServerConfig).files.find((candidate) => candidate.path === path);
  if (!file) {
    reply(ctx, connId, VSFTPD.noFile);
    tcpClose(ctx, session.dataConn);
    setSession(ctx, connId, { ...session, passivePort: null, dataConn: null, waitingRetr: null });
    return;
  }
  reply(ctx, connId, openingReply(path, utf8Length(file.content)));
  tcpSend(ctx, session.dataConn, { protocol: 'ftp-data', path, data: file.content });
  // The end of the file is the end of the data connection: the server closes it, then says 226.
  tcpClose(ctx, session.dataConn);
  reply(ctx, connId, VSFTPD.transferComplete);
  setSession(ctx, connId, { ...session, passivePort: null, dataConn: null, waitingRetr: null });
  const state = ctx.draft();
  state.filesSent = state.filesSent + 1;
  state.lastTransfer = `${path} to ${session.user ?? '?'}`;
}

function reply(ctx: Ctx, connId: string, { code, text }: FtpReply): void {
  tcpSend(ctx, connId, { protocol: 'ftp', kind: 'reply', code, text });
}

function setSession(ctx: Ctx, connId: string, session: FtpSession): void {
  const state = ctx.draft();
  state.sessions = tableSet(state.sessions, connId, session, ctx.inPlace);
}

function endSession(ctx: Ctx, connId: string): void {
  const session = ctx.state.sessions.get(connId);
  if (!session) return;
  const state = ctx.draft();
  state.sessions = tableDelete(state.sessions, connId, ctx.inPlace);
  if (session.passivePort !== null) state.passivePorts = withoutPort(state.passivePorts, session.passivePort);
}

function withoutPort(ports: Readonly<Record<string, string>>, port: number): Readonly<Record<string, string>> {
  const rest = { ...ports };
  delete rest[String(port)];
  return rest;
}

export function ftpServerStatus(state: FtpServerState, config?: FtpServerConfig): NodeStatus {
  const sessions = state.sessions.size;
  return {
    headline: sessions > 0 ? `${sessions} FTP session${sessions === 1 ? '' : 's'}` : 'Waiting for connections',
    details: [
      ...(config ? [{ label: 'Listening', value: `0.0.0.0:${config.port}` }] : []),
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'Passive ports open', value: Object.keys(state.passivePorts).join(', ') || 'none' },
      { label: 'Files sent', value: String(state.filesSent) },
      ...(state.lastTransfer === null ? [] : [{ label: 'Last transfer', value: state.lastTransfer }]),
    ],
    active: sessions > 0,
  };
}

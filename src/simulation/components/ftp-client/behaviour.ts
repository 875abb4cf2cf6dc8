import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { FtpReplyPayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import { dataEndpoint, parseFtpUrl, type FtpUrl } from '../../protocols/ftp.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { newTcpTable, openConnections, tcpClose, tcpConnect, tcpReceive, tcpSend, tcpTimer, type TcpHandlers } from '../tcp-endpoint.ts';
import { hostCacheSummary, lookUpHost, onDnsPacket, onHostResolverTimer, type HasHostResolver, type HostLookup } from '../browser/host-resolver.ts';
import type { Download, FtpClientConfig } from './config.ts';

/** One download as it goes: the step it is at and what it has received. */
interface Transfer {
  readonly index: number;
  readonly url: FtpUrl;
  readonly mode: Download['mode'];
  readonly step: 'resolving' | 'connecting' | 'login' | 'password' | 'passive' | 'data' | 'type' | 'retrieving' | 'done' | 'failed';
  readonly serverAddress: string | null;
  readonly dataConn: string | null;
  readonly received: string;
  /** curl's last words: `226 Transfer complete`, or its error. */
  readonly outcome: string | null;
}

export interface FtpClientState extends HasHostResolver<number> {
  /** Transfers by their download's index. */
  readonly transfers: Table<Transfer, number>;
  /** Which transfer a TCP connection belongs to (control and data). */
  readonly conns: Table<number>;
  readonly files: readonly { readonly path: string; readonly content: string }[];
}

type Ctx = NodeContext<FtpClientState>;

interface DownloadTimer {
  readonly type: 'ftp-download';
  readonly index: number;
}

const tcpHandlers: TcpHandlers<FtpClientState> = {
  onEstablished: (ctx, connId) => {
    const transfer = transferOf(ctx, connId);
    // The data connection is in: curl says TYPE I before RETR.
    if (transfer && transfer.dataConn === connId) {
      command(ctx, transfer, 'TYPE', 'I');
      update(ctx, { ...transfer, step: 'type' });
    }
  },
  onData: (ctx, connId, app) => {
    const transfer = transferOf(ctx, connId);
    if (!transfer) return;
    if (app?.protocol === 'ftp-data') update(ctx, { ...transfer, received: transfer.received + app.data });
    else if (app?.protocol === 'ftp' && app.kind === 'reply') onReply(ctx, connId, transfer, app);
  },
  onPeerClosed: (ctx, connId) => {
    tcpClose(ctx, connId);
    const transfer = transferOf(ctx, connId);
    if (transfer && transfer.dataConn !== connId && transfer.step !== 'done' && transfer.step !== 'failed') fail(ctx, transfer, 'curl: (56) the server closed the control connection');
  },
  onClosed: (ctx, conn) => forgetConn(ctx, conn.id),
  onReset: (ctx, conn) => {
    const transfer = transferOf(ctx, conn.id);
    forgetConn(ctx, conn.id);
    if (transfer) fail(ctx, transfer, `curl: (7) Failed to connect to ${transfer.url.host} port ${conn.remotePort}: Connection refused`);
  },
  onTimedOut: (ctx, conn) => {
    const transfer = transferOf(ctx, conn.id);
    forgetConn(ctx, conn.id);
    if (transfer) fail(ctx, transfer, `curl: (28) Failed to connect to ${transfer.url.host} port ${conn.remotePort}: Connection timed out`);
  },
};

/**
 * `curl ftp://…` in passive mode: look the host up, open the control connection to port 21,
 * log in with USER and PASS (in the clear), ask EPSV (or PASV) where the data connection
 * goes, connect to it, TYPE I, RETR the file and read it until the server closes the data
 * connection, then 226 and QUIT.
 */
export const ftpClientBehaviour: Behaviour<FtpClientState> = {
  init(node, setup) {
    const downloads = (node.config as FtpClientConfig).downloads;
    downloads.forEach((download, index) => setup.timer(download.atMs, { type: 'ftp-download', index } satisfies DownloadTimer, `curl ${download.url}`));
    return { tcp: newTcpTable(setup.rng), dnsCache: {}, lookups: new Map(), transfers: new Map(), conns: new Map(), files: [] };
  },
  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'dns') {
      const answered = onDnsPacket<number, FtpClientState>(ctx, packet.app);
      if (answered) afterLookup(ctx, answered.waiter, answered.outcome);
      return;
    }
    tcpReceive(ctx, packet, tcpHandlers);
  },
  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const dns = onHostResolverTimer<number, FtpClientState>(ctx, payload);
    if (dns !== undefined) {
      if (typeof dns === 'object') afterLookup(ctx, dns.waiter, dns.outcome);
      return;
    }
    start(ctx, (payload as DownloadTimer).index);
  },
};

function start(ctx: Ctx, index: number): void {
  const download = (ctx.node.config as FtpClientConfig).downloads[index];
  const url = download && parseFtpUrl(download.url);
  if (!download || !url) return;
  const transfer: Transfer = { index, url, mode: download.mode, step: 'resolving', serverAddress: null, dataConn: null, received: '', outcome: null };
  update(ctx, transfer);
  const lookup = lookUpHost(ctx, url.host, index);
  if (lookup !== 'pending') afterLookup(ctx, index, lookup);
}

function afterLookup(ctx: Ctx, index: number, lookup: HostLookup): void {
  const transfer = ctx.state.transfers.get(index);
  if (!transfer) return;
  if (lookup.kind === 'failed') {
    fail(ctx, transfer, `curl: (6) Could not resolve host: ${transfer.url.host}`);
    return;
  }
  const control = tcpConnect(ctx, lookup.address, transfer.url.port);
  const state = ctx.draft();
  state.conns = tableSet(state.conns, control, index, ctx.inPlace);
  update(ctx, { ...transfer, step: 'connecting', serverAddress: lookup.address });
}

function onReply(ctx: Ctx, connId: string, transfer: Transfer, { code, text }: FtpReplyPayload): void {
  const { url } = transfer;
  if (code >= 400) {
    fail(ctx, transfer, `curl: (${code === 530 ? 67 : 78}) the server said ${code} ${text}`);
    command(ctx, transfer, 'QUIT', '', connId);
    return;
  }
  switch (code) {
    case 220:
      command(ctx, transfer, 'USER', url.user, connId);
      update(ctx, { ...transfer, step: 'login' });
      return;
    case 331:
      command(ctx, transfer, 'PASS', url.password, connId);
      update(ctx, { ...transfer, step: 'password' });
      return;
    case 230:
      command(ctx, transfer, transfer.mode, '', connId);
      update(ctx, { ...transfer, step: 'passive' });
      return;
    case 227:
    case 229: {
      const endpoint = dataEndpoint({ code, text }, transfer.serverAddress!);
      if (!endpoint) {
        fail(ctx, transfer, `curl: (13) could not read the ${code} reply`);
        command(ctx, transfer, 'QUIT', '', connId);
        return;
      }
      const dataConn = tcpConnect(ctx, endpoint.address, endpoint.port);
      const state = ctx.draft();
      state.conns = tableSet(state.conns, dataConn, transfer.index, ctx.inPlace);
      update(ctx, { ...transfer, step: 'data', dataConn });
      return;
    }
    case 200:
      command(ctx, transfer, 'RETR', url.path, connId);
      update(ctx, { ...transfer, step: 'retrieving' });
      return;
    case 226: {
      const state = ctx.draft();
      state.files = [...state.files.filter((file) => file.path !== url.path), { path: url.path, content: transfer.received }];
      update(ctx, { ...transfer, step: 'done', outcome: `226 ${text}` });
      command(ctx, transfer, 'QUIT', '', connId);
      ctx.note(`Downloaded ${url.path}: ${utf8Length(transfer.received)} bytes`);
      return;
    }
    case 221:
      tcpClose(ctx, connId);
      return;
    default:
      return;
  }
}

/** Sends a command on the transfer's control connection. */
function command(ctx: Ctx, transfer: Transfer, name: string, argument: string, controlConn?: string): void {
  const conn = controlConn ?? controlOf(ctx, transfer);
  if (conn) tcpSend(ctx, conn, { protocol: 'ftp', kind: 'command', command: name, argument });
}

function controlOf(ctx: Ctx, transfer: Transfer): string | undefined {
  for (const [connId, index] of ctx.state.conns) if (index === transfer.index && connId !== transfer.dataConn) return connId;
  return undefined;
}

function fail(ctx: Ctx, transfer: Transfer, outcome: string): void {
  update(ctx, { ...transfer, step: 'failed', outcome });
  ctx.note(outcome);
}

function transferOf(ctx: Ctx, connId: string): Transfer | undefined {
  const index = ctx.state.conns.get(connId);
  return index === undefined ? undefined : ctx.state.transfers.get(index);
}

function update(ctx: Ctx, transfer: Transfer): void {
  const state = ctx.draft();
  state.transfers = tableSet(state.transfers, transfer.index, transfer, ctx.inPlace);
}

function forgetConn(ctx: Ctx, connId: string): void {
  if (!ctx.state.conns.has(connId)) return;
  const state = ctx.draft();
  state.conns = tableDelete(state.conns, connId, ctx.inPlace);
}

const STEP_WORDS: Readonly<Record<Transfer['step'], string>> = {
  resolving: 'Looking up the server',
  connecting: 'Connecting to port 21',
  login: 'Sending USER',
  password: 'Sending PASS',
  passive: 'Asking for a data connection',
  data: 'Opening the data connection',
  type: 'Switching to binary',
  retrieving: 'Downloading',
  done: 'Downloaded',
  failed: 'Failed',
};

export function ftpClientStatus(state: FtpClientState): NodeStatus {
  const transfers = [...state.transfers.values()];
  const current = transfers.at(-1);
  const busy = transfers.some((transfer) => transfer.step !== 'done' && transfer.step !== 'failed');
  return {
    headline: current ? `${STEP_WORDS[current.step]}: ${current.url.path}` : 'Idle',
    details: [
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'DNS cache', value: hostCacheSummary(state) },
      ...transfers.filter((transfer) => transfer.outcome !== null).map((transfer) => ({ label: transfer.url.path, value: transfer.outcome! })),
      ...state.files.map((file) => ({ label: `${file.path} holds`, value: file.content })),
    ],
    active: busy,
  };
}

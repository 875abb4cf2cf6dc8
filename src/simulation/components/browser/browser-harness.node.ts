/**
 * A test bench for the browser: its real behaviour, and a scripted HTTP server built on the
 * same TCP endpoint, joined by a wire with 1 ms of latency. Tests hand the server the
 * responses they want (redirects, cookies, validators, Connection: close) and read what the
 * browser sent and shows. Hosts are IP literals, so no DNS is involved.
 */
import type { NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload, Packet, TcpSegment, UdpDatagram, AppPayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { createRng } from '../../engine/rng.ts';
import { newTcpTable, tcpClose, tcpReceive, tcpSend, tcpTimer, type HasTcp, type TcpHandlers } from '../tcp-endpoint.ts';
import { browserConfigSchema } from './config.ts';
import { browserBehaviour, type BrowserState } from './behaviour.ts';

export const SERVER = '10.0.0.2';
const BROWSER = '10.0.0.10';

/** What the server answers: a response, optionally closing the connection after it. */
export interface Answer {
  readonly status: number;
  readonly reason?: string;
  readonly headers?: HeaderList;
  readonly body?: string;
  /** Send FIN right after the response (as Gunicorn does). */
  readonly close?: boolean;
  /** Send nothing, just FIN (a server that closed an idle keep-alive connection). */
  readonly closeWithoutAnswer?: boolean;
}

export interface Exchange {
  readonly request: HttpRequestPayload;
  readonly connection: string;
  readonly at: number;
}

interface ServerState extends HasTcp {
  readonly exchanges: Exchange[];
}

interface Delivery {
  readonly at: number;
  readonly to: 'browser' | 'server';
  readonly packet: Packet;
}

type Kind = 'browser' | 'server';

/** Runs the browser with `visits` against a server that answers each request with `answer(request)`. */
export function runBrowser(visits: unknown[], answer: (request: HttpRequestPayload, index: number) => Answer, maxSteps = 10_000) {
  const config = browserConfigSchema.parse({ address: BROWSER, visits });
  const rng = createRng(1);
  const queue: Delivery[] = [];
  const timers: { at: number; kind: Kind; payload: unknown; id: number; root: boolean }[] = [];
  const cancelled = new Set<number>();
  const notes: string[] = [];
  const sent: { from: Kind; packet: Packet }[] = [];
  let now = 0;
  let timerId = 0;
  let packetId = 0;
  const states: { browser: BrowserState; server: ServerState } = {
    browser: undefined as unknown as BrowserState,
    server: { tcp: newTcpTable(rng), exchanges: [] },
  };

  function context<S>(kind: Kind): NodeContext<S> {
    const address = kind === 'browser' ? BROWSER : SERVER;
    return {
      get now() {
        return now;
      },
      node: { id: kind, kind: kind === 'browser' ? 'browser' : 'nginx', label: kind, config: kind === 'browser' ? config : {}, address },
      world: { neighbours: () => [], hostAddress: () => undefined } as unknown as NodeContext<S>['world'],
      rng,
      get state() {
        return states[kind] as S;
      },
      setState(next: S) {
        (states as Record<Kind, unknown>)[kind] = next;
      },
      send(dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null) {
        const packet: Packet = { id: `p${++packetId}`, srcAddr: address, dstAddr, transport, app };
        sent.push({ from: kind, packet });
        queue.push({ at: now + 1, to: kind === 'browser' ? 'server' : 'browser', packet });
      },
      call() {
        throw new Error('no in-process links here');
      },
      timer(delayMs: number, payload: unknown) {
        timers.push({ at: now + delayMs, kind, payload, id: ++timerId, root: false });
        return timerId;
      },
      cancelTimer(id: number) {
        cancelled.add(id);
      },
      canLose: () => false,
      scheduleRoot(atMs: number, payload: unknown) {
        timers.push({ at: atMs, kind, payload, id: ++timerId, root: true });
      },
      note(summary) {
        notes.push(typeof summary === 'string' ? summary : summary.text());
      },
      inPlace: false,
      draft() {
        const copy = { ...(states[kind] as object) } as S;
        (states as Record<Kind, unknown>)[kind] = copy;
        return copy as never;
      },
    };
  }

  const browserCtx = context<BrowserState>('browser');
  const serverCtx = context<ServerState>('server');
  let served = 0;
  const serverHandlers: TcpHandlers<ServerState> = {
    listening: (_ctx, port) => port === 80,
    onData: (ctx, connId, app) => {
      if (app?.protocol !== 'http' || app.kind !== 'request') return;
      const draft = ctx.draft();
      draft.exchanges = [...ctx.state.exchanges, { request: app, connection: connId, at: now }];
      const reply = answer(app, served++);
      if (reply.closeWithoutAnswer) {
        tcpClose(ctx, connId);
        return;
      }
      const response: HttpResponsePayload = {
        protocol: 'http',
        kind: 'response',
        version: 'HTTP/1.1',
        status: reply.status,
        reason: reply.reason ?? 'OK',
        headers: reply.headers ?? [],
        body: app.method === 'HEAD' ? '' : (reply.body ?? ''),
      };
      tcpSend(ctx, connId, response);
      if (reply.close) tcpClose(ctx, connId);
    },
    onPeerClosed: (ctx, connId) => tcpClose(ctx, connId),
  };

  states.browser = browserBehaviour.init(browserCtx.node, {
    rng,
    world: browserCtx.world,
    timer: (atMs, payload) => timers.push({ at: atMs, kind: 'browser', payload, id: ++timerId, root: true }),
  });

  for (let step = 0; step < maxSteps; step++) {
    const liveTimers = timers.filter((timer) => !cancelled.has(timer.id));
    const nextTimer = liveTimers.reduce<(typeof timers)[number] | undefined>((best, timer) => (!best || timer.at < best.at ? timer : best), undefined);
    const nextPacket = queue[0];
    if (!nextTimer && !nextPacket) break;
    if (nextPacket && (!nextTimer || nextPacket.at <= nextTimer.at)) {
      queue.shift();
      now = nextPacket.at;
      if (nextPacket.to === 'browser') browserBehaviour.onPacket(browserCtx, nextPacket.packet, 'server');
      else tcpReceive(serverCtx, nextPacket.packet, serverHandlers);
    } else if (nextTimer) {
      timers.splice(timers.indexOf(nextTimer), 1);
      now = nextTimer.at;
      if (nextTimer.kind === 'browser') browserBehaviour.onTimer(browserCtx, nextTimer.payload);
      else tcpTimer(serverCtx, nextTimer.payload, serverHandlers);
    }
    queue.sort((a, b) => a.at - b.at);
  }
  return { browser: states.browser, exchanges: states.server.exchanges, notes, sent, now };
}

/** A request's headers as a map (first value of each name). */
export function headersOf(request: HttpRequestPayload): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of request.headers) if (!map.has(name)) map.set(name, value);
  return map;
}

import type { TopologyDocument } from '../model/document.ts';
import type { Protocol } from '../model/message.ts';
import type { TraceEvent } from '../model/trace.ts';
import { behaviourOf } from '../components/registry.ts';
import { summarize } from '../protocols/summary.ts';
import { EventQueue } from './queue.ts';
import { createRng, type Rng } from './rng.ts';
import { LazyMessage, TraceRecord } from './trace-record.ts';
import { World, type RuntimeNode } from './world.ts';
import type { AppPayload, Packet, TcpSegment, UdpDatagram } from './packet.ts';

/** Every node's internal state by node id. Read-only: a change makes a new object. */
export type NodeStates = Readonly<Record<string, unknown>>;

/** Where and until when a sent message travels. */
export interface Flight {
  readonly linkId: string;
  readonly arrivesAt: number;
}

export interface SimulatorOptions {
  /** Called for each trace event, in order, with the node states right after it. */
  readonly onEvent: (event: TraceEvent, states: NodeStates, flight: Flight | undefined) => void;
  /**
   * Keep each event's states as a separate value (copy on write), so a playback can step
   * back. A load run turns it off and updates states in place.
   */
  readonly recordStates: boolean;
}

type QueueItem =
  | { readonly kind: 'deliver'; readonly to: string; readonly from: string; readonly lazy: LazyMessage; readonly summary: string; readonly protocol: Protocol; readonly sendSeq: number }
  | { readonly kind: 'timer'; readonly node: string; readonly payload: unknown; readonly summary: string; readonly cause: number | null };

/** What a node's behaviour may do while it handles one event. */
export interface NodeContext<S> {
  readonly now: number;
  readonly node: RuntimeNode;
  readonly world: World;
  readonly rng: Rng;
  readonly state: S;
  setState(next: S): void;
  /** Sends over the network to an IP address; the link to a neighbour with that address carries it. */
  send(dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null): void;
  /** Hands a message to a neighbour over an in-process link (WSGI). */
  call(peer: string, app: AppPayload): void;
  /** Schedules a timer event on this node after `delayMs`. */
  timer(delayMs: number, payload: unknown, summary: string): void;
  /** Records a change of this node's state a person should see ("worker 1 busy"). */
  note(summary: string): void;
}

/** A node kind's behaviour: how it starts, what it does with packets and timers. */
export interface Behaviour<S = unknown> {
  init(node: RuntimeNode, setup: { rng: Rng; world: World; timer(atMs: number, payload: unknown, summary: string): void }): S;
  onPacket(ctx: NodeContext<S>, packet: Packet, from: string): void;
  onTimer(ctx: NodeContext<S>, payload: unknown): void;
}

/**
 * The discrete-event engine. Virtual time only; the queue orders by (time, insertion seq);
 * randomness comes from the seeded PRNG. step() handles one queued item and emits the trace
 * events it causes. The engine never schedules itself: a caller steps it.
 */
export class Simulator {
  readonly world: World;
  private readonly queue = new EventQueue<QueueItem>();
  private readonly rng: Rng;
  private readonly options: SimulatorOptions;
  private statesValue: Record<string, unknown> = {};
  private nextSeq = 0;
  private nextMessage = 1;
  private now = 0;

  constructor(document: TopologyDocument, seed: number, options: SimulatorOptions) {
    this.world = new World(document);
    this.rng = createRng(seed);
    this.options = options;
    for (const node of this.world.nodes) {
      const behaviour = behaviourOf(node.kind);
      this.statesValue[node.id] = behaviour.init(node, {
        rng: this.rng,
        world: this.world,
        timer: (atMs, payload, summary) => this.queue.push(atMs, { kind: 'timer', node: node.id, payload, summary, cause: null }),
      });
    }
  }

  get states(): NodeStates {
    return this.statesValue;
  }

  get finished(): boolean {
    return this.queue.size === 0;
  }

  nextTime(): number | undefined {
    return this.queue.peekTime();
  }

  /** Handles the next queued item. Returns false when nothing is left to do. */
  step(): boolean {
    const entry = this.queue.pop();
    if (!entry) return false;
    this.now = entry.time;
    const item = entry.item;
    if (item.kind === 'deliver') {
      const seq = this.emit('deliver', item.from, item.to, item.summary, item.sendSeq, item.protocol, item.lazy, undefined);
      const node = this.world.node(item.to)!;
      behaviourOf(node.kind).onPacket(this.context(node, seq), item.lazy.packet, item.from);
    } else {
      const seq = this.emit('timer', item.node, item.node, item.summary, item.cause, undefined, undefined, undefined);
      const node = this.world.node(item.node)!;
      behaviourOf(node.kind).onTimer(this.context(node, seq), item.payload);
    }
    return true;
  }

  private emit(
    type: TraceEvent['type'],
    from: string,
    to: string,
    summary: string,
    cause: number | null,
    protocol: Protocol | undefined,
    lazy: LazyMessage | undefined,
    flight: Flight | undefined,
  ): number {
    const seq = this.nextSeq++;
    this.options.onEvent(new TraceRecord(seq, this.now, type, from, to, summary, cause, protocol, lazy), this.statesValue, flight);
    return seq;
  }

  private setState(nodeId: string, next: unknown): void {
    if (this.options.recordStates) this.statesValue = { ...this.statesValue, [nodeId]: next };
    else this.statesValue[nodeId] = next;
  }

  private context(node: RuntimeNode, cause: number): NodeContext<unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the context closes over the run
    const sim = this;
    return {
      now: this.now,
      node,
      world: this.world,
      rng: this.rng,
      get state() {
        return sim.statesValue[node.id];
      },
      setState: (next) => this.setState(node.id, next),
      send: (dstAddr, transport, app) => this.send(node, cause, dstAddr, transport, app),
      call: (peer, app) => this.call(node, cause, peer, app),
      timer: (delayMs, payload, summary) => this.queue.push(this.now + delayMs, { kind: 'timer', node: node.id, payload, summary, cause }),
      note: (summary) => {
        this.emit('state', node.id, node.id, summary, cause, undefined, undefined, undefined);
      },
    };
  }

  private packet(srcAddr: string, dstAddr: string, transport: Packet['transport'], app: AppPayload | null): Packet {
    return { id: `m${this.nextMessage++}`, srcAddr, dstAddr, transport, app };
  }

  private send(node: RuntimeNode, cause: number, dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null): void {
    const packet = this.packet(node.address ?? '0.0.0.0', dstAddr, transport, app);
    const lazy = new LazyMessage(packet);
    const summary = summarize(packet);
    const protocol: Protocol = app ? app.protocol : transport.transport;
    const route = this.world.route(node.id, dstAddr);
    if (!route) {
      this.emit('drop', node.id, node.id, `No route to host ${dstAddr}: ${summary}`, cause, protocol, lazy, undefined);
      return;
    }
    const arrivesAt = this.now + route.link.latencyMs;
    const sendSeq = this.emit('send', node.id, route.node.id, summary, cause, protocol, lazy, { linkId: route.link.id, arrivesAt });
    this.queue.push(arrivesAt, { kind: 'deliver', to: route.node.id, from: node.id, lazy, summary, protocol, sendSeq });
  }

  private call(node: RuntimeNode, cause: number, peer: string, app: AppPayload): void {
    const packet = this.packet(node.address ?? '', this.world.node(peer)?.address ?? '', null, app);
    const lazy = new LazyMessage(packet);
    const summary = summarize(packet);
    const link = this.world.inProcessLink(node.id, peer);
    if (!link) {
      this.emit('drop', node.id, node.id, `No in-process link to ${peer}: ${summary}`, cause, app.protocol, lazy, undefined);
      return;
    }
    const arrivesAt = this.now + link.latencyMs;
    const sendSeq = this.emit('send', node.id, peer, summary, cause, app.protocol, lazy, { linkId: link.id, arrivesAt });
    this.queue.push(arrivesAt, { kind: 'deliver', to: peer, from: node.id, lazy, summary, protocol: app.protocol, sendSeq });
  }
}


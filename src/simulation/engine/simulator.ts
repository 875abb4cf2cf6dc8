import type { TopologyDocument } from '../model/document.ts';
import type { Protocol } from '../model/message.ts';
import type { TraceEvent } from '../model/trace.ts';
import { behaviourOf } from '../components/registry.ts';
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
  | { readonly kind: 'deliver'; readonly to: string; readonly from: string; readonly lazy: LazyMessage; readonly protocol: Protocol; readonly sendSeq: number }
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
  /** Schedules a timer event on this node after `delayMs`, caused by the event being handled. */
  timer(delayMs: number, payload: unknown, summary: string): void;
  /**
   * Schedules a root event at `atMs`: something a person does on their own (opening a page),
   * caused by nothing in the run. Scheduling these one at a time keeps the queue short.
   */
  scheduleRoot(atMs: number, payload: unknown, summary: string): void;
  /** Records a change of this node's state a person should see ("worker 1 busy"). */
  note(summary: string): void;
  /**
   * True in a run that keeps no history (a load run): helpers may then update large tables
   * in place instead of copying them, because no earlier state will be looked at again.
   */
  readonly inPlace: boolean;
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
  private readonly contexts = new Map<string, Context>();
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
      const seq = this.emit('deliver', item.from, item.to, undefined, item.sendSeq, item.protocol, item.lazy, undefined);
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
    summary: string | undefined,
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
    let context = this.contexts.get(node.id);
    if (!context) {
      context = new Context(this, node);
      this.contexts.set(node.id, context);
    }
    context.now = this.now;
    context.cause = cause;
    return context;
  }

  /** @internal used by Context */
  stateOf(nodeId: string): unknown {
    return this.statesValue[nodeId];
  }

  /** @internal used by Context */
  setStateOf(nodeId: string, next: unknown): void {
    this.setState(nodeId, next);
  }

  /** @internal used by Context */
  scheduleTimer(nodeId: string, delayMs: number, payload: unknown, summary: string, cause: number | null): void {
    this.queue.push(this.now + delayMs, { kind: 'timer', node: nodeId, payload, summary, cause });
  }

  /** @internal used by Context */
  noteState(nodeId: string, summary: string, cause: number): void {
    this.emit('state', nodeId, nodeId, summary, cause, undefined, undefined, undefined);
  }

  /** @internal used by Context */
  sendFrom(node: RuntimeNode, cause: number, dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null): void {
    this.send(node, cause, dstAddr, transport, app);
  }

  /** @internal used by Context */
  callFrom(node: RuntimeNode, cause: number, peer: string, app: AppPayload): void {
    this.call(node, cause, peer, app);
  }

  /** @internal used by Context */
  rngOf(): Rng {
    return this.rng;
  }

  get recording(): boolean {
    return this.options.recordStates;
  }

  private packet(srcAddr: string, dstAddr: string, transport: Packet['transport'], app: AppPayload | null): Packet {
    return { id: `m${this.nextMessage++}`, srcAddr, dstAddr, transport, app };
  }

  private send(node: RuntimeNode, cause: number, dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null): void {
    const packet = this.packet(node.address ?? '0.0.0.0', dstAddr, transport, app);
    const lazy = new LazyMessage(packet);
    const protocol: Protocol = app ? app.protocol : transport.transport;
    const route = this.world.route(node.id, dstAddr);
    if (!route) {
      this.emit('drop', node.id, node.id, `No route to host ${dstAddr}: ${lazy.summary}`, cause, protocol, lazy, undefined);
      return;
    }
    const arrivesAt = this.now + route.link.latencyMs;
    const sendSeq = this.emit('send', node.id, route.node.id, undefined, cause, protocol, lazy, { linkId: route.link.id, arrivesAt });
    this.queue.push(arrivesAt, { kind: 'deliver', to: route.node.id, from: node.id, lazy, protocol, sendSeq });
  }

  private call(node: RuntimeNode, cause: number, peer: string, app: AppPayload): void {
    const packet = this.packet(node.address ?? '', this.world.node(peer)?.address ?? '', null, app);
    const lazy = new LazyMessage(packet);
    const link = this.world.inProcessLink(node.id, peer);
    if (!link) {
      this.emit('drop', node.id, node.id, `No in-process link to ${peer}: ${lazy.summary}`, cause, app.protocol, lazy, undefined);
      return;
    }
    const arrivesAt = this.now + link.latencyMs;
    const sendSeq = this.emit('send', node.id, peer, undefined, cause, app.protocol, lazy, { linkId: link.id, arrivesAt });
    this.queue.push(arrivesAt, { kind: 'deliver', to: peer, from: node.id, lazy, protocol: app.protocol, sendSeq });
  }
}


/**
 * One reusable context per node: the run sets `now` and `cause` before each handler call, so
 * handling an event allocates no closures.
 */
class Context implements NodeContext<unknown> {
  now = 0;
  cause = 0;
  readonly world: World;
  readonly rng: Rng;
  readonly inPlace: boolean;

  constructor(
    private readonly sim: Simulator,
    readonly node: RuntimeNode,
  ) {
    this.world = sim.world;
    this.rng = sim.rngOf();
    this.inPlace = !sim.recording;
  }

  get state(): unknown {
    return this.sim.stateOf(this.node.id);
  }

  setState(next: unknown): void {
    this.sim.setStateOf(this.node.id, next);
  }

  send(dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null): void {
    this.sim.sendFrom(this.node, this.cause, dstAddr, transport, app);
  }

  call(peer: string, app: AppPayload): void {
    this.sim.callFrom(this.node, this.cause, peer, app);
  }

  timer(delayMs: number, payload: unknown, summary: string): void {
    this.sim.scheduleTimer(this.node.id, delayMs, payload, summary, this.cause);
  }

  scheduleRoot(atMs: number, payload: unknown, summary: string): void {
    this.sim.scheduleTimer(this.node.id, Math.max(0, atMs - this.now), payload, summary, null);
  }

  note(summary: string): void {
    this.sim.noteState(this.node.id, summary, this.cause);
  }
}

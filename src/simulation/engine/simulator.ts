import type { TopologyDocument, TopologyLink } from '../model/topology.ts';
import type { Protocol } from '../model/message.ts';
import type { TraceEvent } from '../model/trace.ts';
import { behaviourOf } from '../components/registry.ts';
import { SchedulingQueue } from './queue.ts';
import { createRng, type Rng } from './rng.ts';
import { wireLength } from '../protocols/layers.ts';
import { TimerEntry, TraceRecord, Transit, type LazyText } from './trace-record.ts';
import { World, type RuntimeNode } from './world.ts';
import type { Writable } from './table.ts';
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

export type { LazyText };

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
  /**
   * Schedules a timer event on this node after `delayMs`, caused by the event being handled.
   * Returns the timer's id, for cancelTimer.
   */
  timer(delayMs: number, payload: unknown, summary: string | LazyText): number;
  /**
   * Cancels a timer of this node that has not fired yet: it leaves the queue without a trace
   * event, as a kernel deletes a timer (TCP's retransmission timer once its data is acknowledged).
   */
  cancelTimer(id: number): void;
  /**
   * Whether a packet sent to `dstAddr` may be lost on the way: its link has a `lossPercent`.
   * TCP runs its retransmission timer only then (see tcp-endpoint.ts).
   */
  canLose(dstAddr: string): boolean;
  /**
   * Schedules a root event at `atMs`: something a person does on their own (opening a page),
   * caused by nothing in the run. Scheduling these one at a time keeps the queue short.
   */
  scheduleRoot(atMs: number, payload: unknown, summary: string): void;
  /** Records a change of this node's state a person should see ("worker 1 busy"). */
  note(summary: string | LazyText): void;
  /**
   * True in a run that keeps no history (a load run): helpers may then update large tables
   * in place instead of copying them, because no earlier state will be looked at again.
   */
  readonly inPlace: boolean;
  /**
   * The state, ready to be changed in place. In a load run it is the state itself; in a
   * playback it is a shallow copy made once per trace event (earlier snapshots keep the
   * original), so nested tables must still be replaced, not changed (see table.ts).
   */
  draft(): Writable<S>;
}

/** A node kind's behaviour: how it starts, what it does with packets and timers. */
export interface Behaviour<S = unknown> {
  init(node: RuntimeNode, setup: { rng: Rng; world: World; timer(atMs: number, payload: unknown, summary: string): void }): S;
  onPacket(ctx: NodeContext<S>, packet: Packet, from: string): void;
  onTimer(ctx: NodeContext<S>, payload: unknown): void;
}

/**
 * The discrete-event engine. Virtual time only; the queue orders by (time, insertion order);
 * randomness comes from the seeded PRNG. step() handles one queued item and emits the trace
 * events it causes. The engine never schedules itself: a caller steps it.
 */
export class Simulator {
  readonly world: World;
  private readonly queue = new SchedulingQueue<Transit | TimerEntry>();
  private readonly rng: Rng;
  private readonly onEvent: SimulatorOptions['onEvent'];
  private readonly recordStates: boolean;
  private statesValue: Record<string, unknown> = {};
  private readonly contexts: Context[] = [];
  /** seq of the next trace event. @internal read by Context */
  nextSeq = 0;
  private nextMessage = 1;
  private now = 0;
  private nextTimer = 0;
  /** Timers not yet fired, by id: a cancelled one leaves the queue at once, without an event. */
  private readonly pending = new Map<number, TimerEntry>();

  constructor(document: TopologyDocument, seed: number, options: SimulatorOptions) {
    this.world = new World(document);
    this.rng = createRng(seed);
    this.onEvent = options.onEvent;
    this.recordStates = options.recordStates;
    for (const node of this.world.nodes) {
      const context = new Context(this, node, behaviourOf(node.kind), this.contexts.length);
      this.contexts.push(context);
      const state = context.behaviour.init(node, {
        rng: this.rng,
        world: this.world,
        timer: (atMs, payload, summary) => this.queue.push(new TimerEntry(atMs, context.index, payload, summary, null, this.nextTimer++)),
      });
      context.state = state;
      this.statesValue[node.id] = state;
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
    if (entry === undefined) return false;
    const now = entry.time;
    this.now = now;
    const context = this.contexts[entry.target]!;
    if (entry.timer) {
      this.pending.delete(entry.id);
      const seq = this.emit('timer', context.node.id, context.node.id, entry.summary, entry.cause, undefined, undefined, undefined);
      context.now = now;
      context.cause = seq;
      context.behaviour.onTimer(context, entry.payload);
    } else if (entry.lost) {
      this.emit('drop', entry.from, entry.to, undefined, entry.sendSeq, entry.protocol, entry, undefined);
    } else {
      const seq = this.emit('deliver', entry.from, entry.to, undefined, entry.sendSeq, entry.protocol, entry, undefined);
      context.now = now;
      context.cause = seq;
      context.behaviour.onPacket(context, entry, entry.from);
    }
    return true;
  }

  private emit(
    type: TraceEvent['type'],
    from: string,
    to: string,
    summary: string | LazyText | undefined,
    cause: number | null,
    protocol: Protocol | undefined,
    lazy: Transit | undefined,
    flight: Flight | undefined,
  ): number {
    const seq = this.nextSeq++;
    this.onEvent(new TraceRecord(seq, this.now, type, from, to, summary, cause, protocol, lazy), this.statesValue, flight);
    return seq;
  }

  /** @internal used by Context */
  setStateOf(nodeId: string, next: unknown): void {
    if (this.recordStates) this.statesValue = { ...this.statesValue, [nodeId]: next };
    else this.statesValue[nodeId] = next;
  }

  /** @internal used by Context */
  scheduleTimer(context: Context, delayMs: number, payload: unknown, summary: string | LazyText, cause: number | null): number {
    const id = this.nextTimer++;
    const entry = new TimerEntry(this.now + delayMs, context.index, payload, summary, cause, id);
    this.queue.push(entry);
    this.pending.set(id, entry);
    return id;
  }

  /** @internal used by Context. Only a timer still in the queue may be cancelled. */
  cancelTimer(id: number): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.pending.delete(id);
    this.queue.remove(entry);
  }

  /** @internal used by Context */
  noteState(nodeId: string, summary: string | LazyText, cause: number): void {
    this.emit('state', nodeId, nodeId, summary, cause, undefined, undefined, undefined);
  }

  /** @internal used by Context */
  rngOf(): Rng {
    return this.rng;
  }

  get recording(): boolean {
    return this.recordStates;
  }

  /** @internal used by Context: sends over the network to an IP address. */
  send(from: Context, cause: number, dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null): void {
    const node = from.node;
    const protocol: Protocol = app ? app.protocol : transport.transport;
    const route = from.route(dstAddr);
    if (!route) {
      const lost = new Transit(this.nextMessage++, node.address ?? '0.0.0.0', dstAddr, transport, app, protocol, node.id, node.id, from.index);
      this.emit('drop', node.id, node.id, `No route to host ${dstAddr}: ${lost.summary}`, cause, protocol, lost, undefined);
      return;
    }
    const to = route.context;
    const transit = new Transit(this.nextMessage++, node.address ?? '0.0.0.0', dstAddr, transport, app, protocol, node.id, to.node.id, to.index);
    this.dispatch(transit, cause, route.link);
  }

  /** @internal used by Context: hands a message to a neighbour over an in-process link. */
  call(from: Context, cause: number, peer: string, app: AppPayload): void {
    const node = from.node;
    const hop = from.inProcess(peer);
    if (!hop) {
      const lost = new Transit(this.nextMessage++, node.address ?? '', this.world.node(peer)?.address ?? '', null, app, app.protocol, node.id, node.id, from.index);
      this.emit('drop', node.id, node.id, `No in-process link to ${peer}: ${lost.summary}`, cause, app.protocol, lost, undefined);
      return;
    }
    const transit = new Transit(this.nextMessage++, node.address ?? '', hop.context.node.address ?? '', null, app, app.protocol, node.id, peer, hop.context.index);
    this.dispatch(transit, cause, hop.link);
  }

  private dispatch(transit: Transit, cause: number, link: TopologyLink): void {
    // Serialisation delay: the packet's bits at the link's bandwidth (Mbit/s = bits per µs / 1000 ms).
    const sending = link.bandwidthMbps ? (wireLength(transit) * 8) / (link.bandwidthMbps * 1000) : 0;
    const arrivesAt = this.now + sending + link.latencyMs;
    // The PRNG is drawn only on lossy links, so a run without loss keeps its numbers.
    if (link.lossPercent) transit.lost = this.rng.next() * 100 < link.lossPercent;
    // Only a playback looks at flights (to draw messages on their links).
    const flight = this.recordStates ? { linkId: link.id, arrivesAt } : undefined;
    transit.sendSeq = this.emit('send', transit.from, transit.to, undefined, cause, transit.protocol, transit, flight);
    transit.time = arrivesAt;
    this.queue.push(transit);
  }

  /** @internal used by Context: the context of another node, by id. */
  contextOf(nodeId: string): Context | undefined {
    return this.contexts.find((context) => context.node.id === nodeId);
  }
}

interface Hop {
  readonly context: Context;
  readonly link: TopologyLink;
}

/**
 * One reusable context per node: the run sets `now` and `cause` before each handler call, so
 * handling an event allocates no closures. It also holds the node's current state and caches
 * the node's routes (the world does not change during a run).
 */
class Context implements NodeContext<unknown> {
  now = 0;
  cause = 0;
  state: unknown = undefined;
  readonly world: World;
  readonly rng: Rng;
  readonly inPlace: boolean;
  /** nextSeq when the state was last copied for writing; -1: not since the last setState. */
  private draftSeq = -1;
  private readonly routes = new Map<string, Hop | null>();
  private lastAddress: string | undefined = undefined;
  private lastHop: Hop | null = null;
  private readonly peers = new Map<string, Hop | null>();

  constructor(
    private readonly sim: Simulator,
    readonly node: RuntimeNode,
    readonly behaviour: Behaviour<unknown>,
    /** Position in the run's node list: queue entries name their node by it. */
    readonly index: number,
  ) {
    this.world = sim.world;
    this.rng = sim.rngOf();
    this.inPlace = !sim.recording;
  }

  setState(next: unknown): void {
    this.state = next;
    this.draftSeq = -1;
    this.sim.setStateOf(this.node.id, next);
  }

  draft(): Writable<unknown> {
    if (this.inPlace) return this.state as Writable<unknown>;
    // A playback keeps the state of every event: copy once per event, then change the copy.
    if (this.draftSeq !== this.sim.nextSeq) {
      this.setState({ ...(this.state as object) });
      this.draftSeq = this.sim.nextSeq;
    }
    return this.state as Writable<unknown>;
  }

  send(dstAddr: string, transport: TcpSegment | UdpDatagram, app: AppPayload | null): void {
    this.sim.send(this, this.cause, dstAddr, transport, app);
  }

  call(peer: string, app: AppPayload): void {
    this.sim.call(this, this.cause, peer, app);
  }

  timer(delayMs: number, payload: unknown, summary: string | LazyText): number {
    return this.sim.scheduleTimer(this, delayMs, payload, summary, this.cause);
  }

  cancelTimer(id: number): void {
    this.sim.cancelTimer(id);
  }

  canLose(dstAddr: string): boolean {
    const loss = this.route(dstAddr)?.link.lossPercent;
    return loss !== undefined && loss > 0;
  }

  scheduleRoot(atMs: number, payload: unknown, summary: string): void {
    this.sim.scheduleTimer(this, Math.max(0, atMs - this.now), payload, summary, null);
  }

  note(summary: string | LazyText): void {
    this.sim.noteState(this.node.id, summary, this.cause);
  }

  /** The neighbour that receives packets for `address`, and the link to it. */
  route(address: string): Hop | null {
    // Most nodes talk to one or two addresses: remember the last one.
    if (address === this.lastAddress) return this.lastHop;
    let hop = this.routes.get(address);
    if (hop === undefined) {
      const found = this.world.route(this.node.id, address);
      hop = found ? { context: this.sim.contextOf(found.node.id)!, link: found.link } : null;
      this.routes.set(address, hop);
    }
    this.lastAddress = address;
    this.lastHop = hop;
    return hop;
  }

  /** The in-process neighbour `peer`, and the link to it. */
  inProcess(peer: string): Hop | null {
    let hop = this.peers.get(peer);
    if (hop === undefined) {
      const link = this.world.inProcessLink(this.node.id, peer);
      const context = this.sim.contextOf(peer);
      hop = link && context ? { context, link } : null;
      this.peers.set(peer, hop);
    }
    return hop;
  }
}

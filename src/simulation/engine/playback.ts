import type { TopologyDocument } from '../model/topology.ts';
import type { TraceEvent } from '../model/trace.ts';
import type { NodeStatus } from '../model/status.ts';
import { statusOf } from '../components/registry.ts';
import type { BrowserState, PageView } from '../components/browser/behaviour.ts';
import { Simulator, type NodeStates, type Flight } from './simulator.ts';

/**
 * A run you can step, as a value. Every function here returns a new Playback; none changes
 * the one it is given. Events are computed lazily, the first time the cursor reaches them,
 * and remembered with the node states after each one, so stepping back restores every node's
 * internal state (DNS cache, TCP connections, busy workers) exactly.
 *
 * @example
 *   let p = createPlayback(doc);
 *   p = stepForward(p);        // the first event has happened
 *   p = stepBack(p);           // back before it, states included
 */
export interface Playback {
  readonly topology: TopologyDocument;
  readonly seed: number;
  /** How many events have happened: 0 is before the first one. */
  readonly cursor: number;
  /** The virtual time shown, in ms: the current event's time, or later while playing. */
  readonly time: number;
  /** Events computed so far; only the first `cursor` of them have happened. */
  readonly events: readonly TraceEvent[];
  readonly timeline: Timeline;
}

/** A message on a link at the current moment: sent, not yet delivered or dropped. */
export interface InFlightMessage {
  readonly send: TraceEvent;
  readonly linkId: string;
  readonly from: string;
  readonly to: string;
  readonly sentAt: number;
  readonly arrivesAt: number;
}

/** The memo shared by all Playbacks of one run. Only ever extended, never rewritten. */
class Timeline {
  readonly events: TraceEvent[] = [];
  /** Node states right after events[i]. */
  readonly snapshots: NodeStates[] = [];
  /** Flight of each send event, by its seq. */
  readonly flights = new Map<number, Flight>();
  /** seq of the deliver or drop event that ended the flight started by a send, by send seq. */
  readonly landings = new Map<number, number>();
  readonly initialStates: NodeStates;
  private readonly simulator: Simulator;

  constructor(topology: TopologyDocument, seed: number) {
    this.simulator = new Simulator(topology, seed, {
      onEvent: (event, states, flight) => {
        this.events.push(event);
        this.snapshots.push(states);
        if (flight) this.flights.set(event.seq, flight);
        if ((event.type === 'deliver' || event.type === 'drop') && event.cause !== null && this.flights.has(event.cause)) {
          this.landings.set(event.cause, event.seq);
        }
      },
      recordStates: true,
    });
    this.initialStates = this.simulator.states;
  }

  /** Computes events until at least `count` exist or the run is over. */
  ensure(count: number): void {
    while (this.events.length < count && this.step()) {
      // each step appends one or more events through onEvent
    }
  }

  /**
   * One step of the run. A handler may change its node's state after it emitted its last
   * event (a page shown as loading once the query is out): that event's snapshot then takes
   * the states as the step left them, so no change waits for the next step to be seen.
   */
  private step(): boolean {
    const stepped = this.simulator.step();
    if (stepped && this.snapshots.length > 0) this.snapshots[this.snapshots.length - 1] = this.simulator.states;
    return stepped;
  }

  /** Computes every event whose time is at most `time`. */
  ensureTime(time: number): void {
    for (;;) {
      const next = this.simulator.nextTime();
      if (next === undefined || next > time) return;
      this.step();
    }
  }

  get finished(): boolean {
    return this.simulator.finished;
  }

  nextTime(): number | undefined {
    return this.simulator.nextTime();
  }
}

export type { Timeline };

/** A fresh run of the document, before its first event. The seed defaults to the document's. */
export function createPlayback(topology: TopologyDocument, options: { seed?: number } = {}): Playback {
  const seed = options.seed ?? topology.seed;
  const timeline = new Timeline(topology, seed);
  return { topology, seed, cursor: 0, time: 0, events: timeline.events, timeline };
}

function at(playback: Playback, cursor: number, time?: number): Playback {
  const event = playback.timeline.events[cursor - 1];
  return { ...playback, cursor, time: time ?? event?.t ?? 0 };
}

/** One event forward; unchanged at the end of the run. */
export function stepForward(playback: Playback): Playback {
  playback.timeline.ensure(playback.cursor + 1);
  if (playback.cursor >= playback.timeline.events.length) return playback;
  return at(playback, playback.cursor + 1);
}

/** One event back, with every node's state as it was then. */
export function stepBack(playback: Playback): Playback {
  if (playback.cursor === 0) return playback;
  return at(playback, playback.cursor - 1);
}

export function resetPlayback(playback: Playback): Playback {
  return at(playback, 0);
}

/** Moves to just after event number `cursor` (0 = the start), computing events as needed. */
export function seekTo(playback: Playback, cursor: number): Playback {
  const target = Math.max(0, Math.floor(cursor));
  playback.timeline.ensure(target);
  return at(playback, Math.min(target, playback.timeline.events.length));
}

/** Runs to the end, or to `maxEvents` events if the run never ends by itself. */
export function runToEnd(playback: Playback, maxEvents = 1_000_000): Playback {
  playback.timeline.ensure(maxEvents);
  return at(playback, playback.timeline.events.length);
}

/**
 * Moves the clock to `time` (virtual ms) and applies every event due by then. Playing is this,
 * called once per animation frame.
 */
export function advanceToTime(playback: Playback, time: number): Playback {
  const timeline = playback.timeline;
  timeline.ensureTime(time);
  let cursor = playback.cursor;
  while (cursor < timeline.events.length && timeline.events[cursor]!.t <= time) cursor++;
  while (cursor > 0 && timeline.events[cursor - 1]!.t > time) cursor--;
  return at(playback, cursor, Math.max(time, timeline.events[cursor - 1]?.t ?? 0));
}

/** The event that happened last, or undefined before the first. */
export function currentEvent(playback: Playback): TraceEvent | undefined {
  return playback.timeline.events[playback.cursor - 1];
}

/** When the next event happens, or undefined at the end of the run. */
export function nextEventTime(playback: Playback): number | undefined {
  const timeline = playback.timeline;
  const computed = timeline.events[playback.cursor];
  if (computed) return computed.t;
  return timeline.nextTime();
}

export function isAtEnd(playback: Playback): boolean {
  playback.timeline.ensure(playback.cursor + 1);
  return playback.cursor >= playback.timeline.events.length && playback.timeline.finished;
}

/** Every node's state at the current moment. */
function statesAtCursor(playback: Playback): NodeStates {
  return playback.cursor === 0 ? playback.timeline.initialStates : playback.timeline.snapshots[playback.cursor - 1]!;
}

/** What a node shows at the current moment. */
export function nodeStatus(playback: Playback, nodeId: string): NodeStatus | undefined {
  const node = playback.topology.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return undefined;
  return statusOf(node, statesAtCursor(playback)[nodeId]);
}

/** What the person at a browser node sees at the current moment: the page or the error page. */
export function browserPage(playback: Playback, nodeId: string): PageView | undefined {
  const node = playback.topology.nodes.find((candidate) => candidate.id === nodeId);
  if (node?.kind !== 'browser') return undefined;
  return (statesAtCursor(playback)[nodeId] as BrowserState | undefined)?.page;
}

/** Messages on the wire at the current moment, with their link and timing. */
export function inFlightMessages(playback: Playback): InFlightMessage[] {
  const { events, flights, landings } = playback.timeline;
  const result: InFlightMessage[] = [];
  for (const [sendSeq, flight] of flights) {
    if (sendSeq >= playback.cursor) continue;
    const landing = landings.get(sendSeq);
    if (landing !== undefined && landing < playback.cursor) continue;
    const send = events[sendSeq]!;
    result.push({ send, linkId: flight.linkId, from: send.from, to: send.to, sentAt: send.t, arrivesAt: flight.arrivesAt });
  }
  return result;
}

import type { Message, Protocol } from '../model/message.ts';
import type { TraceEvent, TraceEventType } from '../model/trace.ts';
import type { AppPayload, Packet, TcpSegment, UdpDatagram } from './packet.ts';
import type { Scheduled } from './queue.ts';
import { buildLayers } from '../protocols/layers.ts';
import { summarize } from '../protocols/summary.ts';

/**
 * A packet on its way: the structured fields a node's behaviour reads, the queue entry that
 * delivers it, and its layered message, built the first time someone reads it and then shared
 * by the packet's send, deliver and drop events. One object per packet; large runs never pay
 * for the layers, the summary or even the message id text.
 */
export class Transit implements Packet, Scheduled {
  time = 0;
  order = 0;
  slot = -1;
  readonly timer = false;
  /** seq of the send event, the cause of the deliver event. */
  sendSeq = 0;
  /** Lost on its link (the link's lossPercent): it ends in a drop event instead of a delivery. */
  lost = false;
  private built: Message | undefined = undefined;
  private summaryText: string | undefined = undefined;

  constructor(
    /** The message number: its id is `m<number>`. */
    readonly number: number,
    readonly srcAddr: string,
    readonly dstAddr: string,
    readonly transport: TcpSegment | UdpDatagram | null,
    readonly app: AppPayload | null,
    readonly protocol: Protocol,
    /** Sender and receiver node ids, as the trace names them. */
    readonly from: string,
    readonly to: string,
    /** The receiving node's position in the run's node list. */
    readonly target: number,
  ) {}

  get id(): string {
    return `m${this.number}`;
  }

  /** The Info-column line, also built on first read. */
  get summary(): string {
    this.summaryText ??= summarize(this);
    return this.summaryText;
  }

  get message(): Message {
    this.built ??= { id: this.id, layers: buildLayers(this) };
    return this.built;
  }
}

/**
 * A summary written only when someone reads it. A load run makes millions of notes nobody
 * reads; a note that would format several values can pass one of these instead of a string.
 */
export interface LazyText {
  text(): string;
}

/** A timer waiting in the queue. */
export class TimerEntry implements Scheduled {
  time: number;
  order = 0;
  slot = -1;
  readonly timer = true;

  constructor(
    time: number,
    /** The node's position in the run's node list. */
    readonly target: number,
    readonly payload: unknown,
    readonly summary: string | LazyText,
    readonly cause: number | null,
    /** The timer's id, for cancelling it (NodeContext.cancelTimer). */
    readonly id: number,
  ) {
    this.time = time;
  }
}

/** A trace event whose `message` (and a packet's or a lazy note's summary) is built on first read. */
export class TraceRecord implements TraceEvent {
  constructor(
    readonly seq: number,
    readonly t: number,
    readonly type: TraceEventType,
    readonly from: string,
    readonly to: string,
    private fixedSummary: string | LazyText | undefined,
    readonly cause: number | null,
    readonly protocol: Protocol | undefined,
    private readonly lazy: Transit | undefined,
  ) {}

  get summary(): string {
    const fixed = this.fixedSummary;
    if (fixed === undefined) return this.lazy?.summary ?? '';
    if (typeof fixed === 'string') return fixed;
    const text = fixed.text();
    this.fixedSummary = text;
    return text;
  }

  get message(): Message | undefined {
    return this.lazy?.message;
  }
}

import type { Message, Protocol } from '../model/message.ts';
import type { TraceEvent, TraceEventType } from '../model/trace.ts';
import type { Packet } from './packet.ts';
import { buildLayers } from '../protocols/layers.ts';
import { summarize } from '../protocols/summary.ts';

/**
 * A packet's layered message, built the first time someone reads it and then shared by the
 * packet's send, deliver and drop events. Large runs never pay for it.
 */
export class LazyMessage {
  private built: Message | undefined;
  private summaryText: string | undefined;

  constructor(readonly packet: Packet) {}

  /** The Info-column line, also built on first read. */
  get summary(): string {
    this.summaryText ??= summarize(this.packet);
    return this.summaryText;
  }

  get message(): Message {
    this.built ??= { id: this.packet.id, layers: buildLayers(this.packet) };
    return this.built;
  }
}

/** A trace event whose `message` (and a packet's summary) is built on first read. */
export class TraceRecord implements TraceEvent {
  constructor(
    readonly seq: number,
    readonly t: number,
    readonly type: TraceEventType,
    readonly from: string,
    readonly to: string,
    private readonly fixedSummary: string | undefined,
    readonly cause: number | null,
    readonly protocol: Protocol | undefined,
    private readonly lazy: LazyMessage | undefined,
  ) {}

  get summary(): string {
    return this.fixedSummary ?? this.lazy?.summary ?? '';
  }

  get message(): Message | undefined {
    return this.lazy?.message;
  }
}

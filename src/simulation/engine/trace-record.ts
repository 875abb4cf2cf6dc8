import type { Message, Protocol } from '../model/message.ts';
import type { TraceEvent, TraceEventType } from '../model/trace.ts';
import type { Packet } from './packet.ts';
import { buildLayers } from '../protocols/layers.ts';

/**
 * A packet's layered message, built the first time someone reads it and then shared by the
 * packet's send, deliver and drop events. Large runs never pay for it.
 */
export class LazyMessage {
  private built: Message | undefined;

  constructor(readonly packet: Packet) {}

  get message(): Message {
    this.built ??= { id: this.packet.id, layers: buildLayers(this.packet) };
    return this.built;
  }
}

/** A trace event whose `message` is built on first read. */
export class TraceRecord implements TraceEvent {
  constructor(
    readonly seq: number,
    readonly t: number,
    readonly type: TraceEventType,
    readonly from: string,
    readonly to: string,
    readonly summary: string,
    readonly cause: number | null,
    readonly protocol: Protocol | undefined,
    private readonly lazy: LazyMessage | undefined,
  ) {}

  get message(): Message | undefined {
    return this.lazy?.message;
  }
}

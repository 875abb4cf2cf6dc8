import type { Message, Protocol } from './message.ts';

export type TraceEventType = 'send' | 'deliver' | 'drop' | 'state' | 'timer' | 'intervention';

/**
 * One line of the trace (docs/trace-format.md). `message` is present on send, deliver and
 * drop; it is built lazily, only when someone reads it.
 */
export interface TraceEvent {
  readonly seq: number;
  /** Virtual milliseconds since the run started. */
  readonly t: number;
  readonly type: TraceEventType;
  readonly from: string;
  readonly to: string;
  readonly protocol?: Protocol;
  readonly summary: string;
  readonly cause: number | null;
  readonly message?: Message;
}

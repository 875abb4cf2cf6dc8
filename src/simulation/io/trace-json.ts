import type { TraceEvent } from '../model/trace.ts';

/**
 * One trace event as a JSON Lines line (docs/trace-format.md), keys in the documented order.
 * Building it reads `message`, so the layers are built here and not before.
 */
export function traceEventToJson(event: TraceEvent): string {
  const line: Record<string, unknown> = { seq: event.seq, t: event.t, type: event.type, from: event.from, to: event.to };
  if (event.protocol) line['protocol'] = event.protocol;
  line['summary'] = event.summary;
  line['cause'] = event.cause;
  const message = event.message;
  if (message) line['message'] = message;
  return JSON.stringify(line);
}

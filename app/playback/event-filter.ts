import type { TraceEvent } from '../../src/simulation/index.ts';

/** What the event log shows: every event, or those of one protocol, or those with one layer. */
export interface EventFilter {
  /** The event's topmost protocol (`http`), or its type for events without one (`state`, `timer`); '' for all. */
  readonly protocol: string;
  /** A layer the event's message contains (`ip`, `tcp`, `dns`, …); '' for any. */
  readonly layer: string;
}

export const NO_FILTER: EventFilter = { protocol: '', layer: '' };

export const PROTOCOL_CHOICES = [
  ['dns', 'DNS'],
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['tls', 'TLS'],
  ['http', 'HTTP'],
  ['wsgi', 'WSGI'],
  ['sql', 'SQL'],
  ['redis', 'Redis'],
  ['ws', 'WebSocket'],
  ['ftp', 'FTP'],
  ['ftp-data', 'FTP data'],
  ['state', 'State changes'],
  ['timer', 'Timers'],
] as const;

export const LAYER_CHOICES = [
  ['ip', 'IP'],
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['tls', 'TLS'],
  ['dns', 'DNS'],
  ['http', 'HTTP'],
  ['wsgi', 'WSGI'],
  ['sql', 'SQL'],
  ['redis', 'Redis'],
  ['ws', 'WebSocket'],
  ['ftp', 'FTP'],
  ['ftp-data', 'FTP data'],
] as const;

/** The protocol an event is filed under: its topmost layer, or its type when it carries no message. */
export function protocolOf(event: Pick<TraceEvent, 'protocol' | 'type'>): string {
  return event.protocol ?? event.type;
}

/**
 * Whether the log shows an event. The layer test reads the event's message, which builds its
 * layers on first use, so the log applies it only to the events it lists.
 */
export function matchesFilter(event: TraceEvent, filter: EventFilter): boolean {
  if (filter.protocol && protocolOf(event) !== filter.protocol) return false;
  if (filter.layer && !event.message?.layers.some((layer) => layer.layer === filter.layer)) return false;
  return true;
}

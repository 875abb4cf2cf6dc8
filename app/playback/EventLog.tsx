import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceEvent } from '../../src/simulation/index.ts';
import { useNodeLabels, useStackscope } from '../store/store.ts';
import { formatMs } from './format.ts';
import { LAYER_CHOICES, matchesFilter, NO_FILTER, PROTOCOL_CHOICES, protocolOf, type EventFilter } from './event-filter.ts';

/** A filter looks this far back at most, so a long run stays quick to filter. */
const MAX_SCANNED = 20_000;

/** Long runs list only their latest events; the inspector can still open any earlier one. */
const MAX_LISTED = 400;

/** The events so far, oldest first; the current one is marked with aria-current="step". */
export function EventLog() {
  // The events array is shared by every moment of one run, so this re-renders only when the
  // cursor moves, not on every animation frame.
  const allEvents = useStackscope((state) => state.playback?.events);
  const cursor = useStackscope((state) => state.playback?.cursor ?? 0);
  const selectedSeq = useStackscope((state) => state.selectedSeq);
  const selectEvent = useStackscope((state) => state.selectEvent);
  const labels = useNodeLabels();
  const currentRef = useRef<HTMLLIElement>(null);
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
  const filtered = filter.protocol !== '' || filter.layer !== '';
  const events = useMemo(() => {
    if (!allEvents) return [];
    if (!filtered) return allEvents.slice(Math.max(0, cursor - MAX_LISTED), cursor);
    const picked: TraceEvent[] = [];
    for (let index = cursor - 1; index >= Math.max(0, cursor - MAX_SCANNED) && picked.length < MAX_LISTED; index--) {
      if (matchesFilter(allEvents[index]!, filter)) picked.push(allEvents[index]!);
    }
    return picked.reverse();
  }, [allEvents, cursor, filter, filtered]);

  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  return (
    <section className="panel event-log-panel" aria-labelledby="event-log-title">
      <header className="panel__header">
        <h2 id="event-log-title">Event log</h2>
        <div className="event-filters">
          <label>
            Protocol
            <select value={filter.protocol} onChange={(event) => setFilter({ ...filter, protocol: event.target.value })}>
              <option value="">All</option>
              {PROTOCOL_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Layer
            <select value={filter.layer} onChange={(event) => setFilter({ ...filter, layer: event.target.value })}>
              <option value="">Any</option>
              {LAYER_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <span className="panel__hint">
          {cursor === 0 ? 'Press Play or Step forward to start' : filtered ? `${events.length} of ${cursor} events match` : `${cursor} event${cursor === 1 ? '' : 's'} so far`}
        </span>
      </header>
      <ol className="event-log" aria-label="Event log">
        {!filtered && cursor > MAX_LISTED && <li className="event-log__elided">{cursor - MAX_LISTED} earlier events</li>}
        {events.map((event) => {
          const current = event.seq === cursor - 1;
          return (
            <li key={event.seq} ref={current ? currentRef : undefined} aria-current={current ? 'step' : undefined} className={current ? 'is-current' : undefined}>
              <button
                type="button"
                className={`event-row${event.seq === selectedSeq ? ' is-selected' : ''}`}
                aria-pressed={event.seq === selectedSeq}
                aria-label={`#${event.seq}, ${formatMs(event.t).replace('t = ', '')}, ${route(event, labels)}: ${event.summary}`}
                onClick={() => selectEvent(event.seq)}
              >
                <span className="event-row__seq">#{event.seq}</span>
                <span className="event-row__time">{formatMs(event.t).replace('t = ', '')}</span>
                <span className={`event-row__protocol protocol--${protocolOf(event)}`}>{protocolOf(event)}</span>
                <span className="event-row__route">{route(event, labels)}</span>
                <span className="event-row__summary">{event.summary}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** "Browser → nginx" for messages; the node's own name for its states and timers. */
export function route(event: Pick<TraceEvent, 'type' | 'from' | 'to'>, labels: ReadonlyMap<string, string>): string {
  const from = labels.get(event.from) ?? event.from;
  if (event.type === 'state' || event.type === 'timer' || event.type === 'intervention') return from;
  const to = labels.get(event.to) ?? event.to;
  const verb = event.type === 'deliver' ? 'arrives' : event.type === 'drop' ? 'dropped' : 'sent';
  return `${from} → ${to} (${verb})`;
}

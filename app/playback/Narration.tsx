import { useNodeLabels, useStackscope } from '../store/store.ts';
import { route } from './EventLog.tsx';

/** A caption over the canvas: what just happened, in one line. Announced to screen readers. */
export function Narration() {
  const event = useStackscope((state) => (state.playback && state.playback.cursor > 0 ? state.playback.events[state.playback.cursor - 1] : undefined));
  const labels = useNodeLabels();
  const runBlocked = useStackscope((state) => state.runBlocked);
  return (
    <div className="narration" role="status" aria-live="polite">
      {runBlocked ? (
        <span className="narration__summary">{runBlocked}</span>
      ) : event ? (
        <>
          <span className="narration__route">{route(event, labels)}</span>
          <span className="narration__summary">{event.summary}</span>
        </>
      ) : (
        <span className="narration__summary">Press Play to watch the page load, or step through it one event at a time.</span>
      )}
    </div>
  );
}

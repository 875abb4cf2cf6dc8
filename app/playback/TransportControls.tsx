import { useEffect, useRef } from 'react';
import { useStackscope } from '../store/store.ts';
import { SPEEDS } from '../store/run-slice.ts';
import { formatMs } from './format.ts';

/** Play/Pause, stepping, Reset and the Speed slider, with the run's clock beside them. */
export function TransportControls() {
  const playing = useStackscope((state) => state.playing);
  const ready = useStackscope((state) => state.playback !== null);
  const cursor = useStackscope((state) => state.playback?.cursor ?? 0);
  const speedIndex = useStackscope((state) => state.speedIndex);
  const atEnd = useStackscope((state) => state.totalEvents !== null && (state.playback?.cursor ?? 0) >= state.totalEvents);
  const actions = useStackscope.getState();
  const speed = SPEEDS[speedIndex] ?? 1;
  return (
    <div className="transport" role="toolbar" aria-label="Playback">
      <button type="button" className="icon-button" onClick={actions.reset} disabled={!ready || cursor === 0} aria-label="Reset" title="Reset (Home)">
        <Glyph d="M5 5v14M19 6l-10 6 10 6z" />
      </button>
      <button type="button" className="icon-button" onClick={actions.stepBack} disabled={!ready || cursor === 0} aria-label="Step back" title="Step back (←)">
        <Glyph d="M17 6l-9 6 9 6zM6 6v12" />
      </button>
      {playing ? (
        <button type="button" className="icon-button icon-button--primary" onClick={actions.pause} aria-label="Pause" title="Pause (Space)">
          <Glyph d="M8 5v14M16 5v14" />
        </button>
      ) : (
        <button type="button" className="icon-button icon-button--primary" onClick={actions.play} disabled={!ready} aria-label="Play" title="Play (Space)">
          <Glyph d="M7 5l12 7-12 7z" filled />
        </button>
      )}
      <button type="button" className="icon-button" onClick={actions.stepForward} disabled={!ready} aria-label="Step forward" title="Step forward (→)">
        <Glyph d="M7 6l9 6-9 6zM18 6v12" />
      </button>
      <button type="button" className="icon-button" onClick={actions.skipToEnd} disabled={!ready || atEnd} aria-label="Run to end" title="Run to end (End)">
        <Glyph d="M5 6l7 6-7 6zM12 6l7 6-7 6zM20 5v14" />
      </button>
      <label className="speed">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={speedIndex}
          aria-valuetext={`${speed} virtual milliseconds per second`}
          onChange={(event) => actions.setSpeedIndex(Number(event.target.value))}
        />
        <output>{speed} ms/s</output>
      </label>
      <RunClock />
    </div>
  );
}

/** The virtual clock changes every frame while playing: written to the DOM, not re-rendered. */
function RunClock() {
  const timeRef = useRef<HTMLSpanElement>(null);
  const total = useStackscope((state) => state.totalEvents);
  const cursor = useStackscope((state) => state.playback?.cursor ?? 0);
  useEffect(() => {
    const write = (time: number) => {
      if (timeRef.current) timeRef.current.textContent = formatMs(time);
    };
    write(useStackscope.getState().playback?.time ?? 0);
    return useStackscope.subscribe((state) => write(state.playback?.time ?? 0));
  }, []);
  return (
    <div className="run-clock" aria-label="Run position">
      <span className="run-clock__time" ref={timeRef} />
      <span className="run-clock__events">
        {total === null ? `event ${cursor}` : `event ${cursor} of ${total}`}
      </span>
    </div>
  );
}

function Glyph({ d, filled = false }: { d: string; filled?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="2" strokeLinejoin="round" strokeLinecap="round">
      <path d={d} />
    </svg>
  );
}

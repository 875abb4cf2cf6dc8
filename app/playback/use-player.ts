import { useEffect } from 'react';
import { useStackscope } from '../store/store.ts';

/**
 * While the run is playing, advances it once per animation frame by the wall-clock time that
 * passed. The engine never schedules itself; pacing lives here (ARCHITECTURE.md).
 */
export function usePlayer(): void {
  const playing = useStackscope((state) => state.playing);
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const onFrame = (now: number) => {
      useStackscope.getState().tick(now - last);
      last = now;
      frame = requestAnimationFrame(onFrame);
    };
    frame = requestAnimationFrame(onFrame);
    return () => cancelAnimationFrame(frame);
  }, [playing]);
}

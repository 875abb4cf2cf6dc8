import { useEffect } from 'react';
import { useStackscope } from '../store/store.ts';

/** Keys that drive the run: Space plays and pauses, arrows step, Home resets, End runs to the end. */
export const PLAYBACK_SHORTCUTS: readonly { readonly key: string; readonly label: string; readonly does: string }[] = [
  { key: ' ', label: 'Space', does: 'Play or pause' },
  { key: 'ArrowRight', label: '→', does: 'Step forward' },
  { key: 'ArrowLeft', label: '←', does: 'Step back' },
  { key: 'Home', label: 'Home', does: 'Reset to the start' },
  { key: 'End', label: 'End', does: 'Run to the end' },
];

/** Keys typed into a field, a slider or a button belong to that control, not to playback. */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  // Arrow keys on a focused node or link move it on the canvas.
  if (target.closest('.react-flow__node, .react-flow__edge')) return true;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'BUTTON' || target.getAttribute('role') === 'button';
}

export function usePlaybackShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || ownsKeys(event.target) || document.querySelector('dialog[open]')) return;
      const store = useStackscope.getState();
      if (!store.playback) return;
      switch (event.key) {
        case ' ':
          if (store.playing) store.pause();
          else store.play();
          break;
        case 'ArrowRight':
          store.stepForward();
          break;
        case 'ArrowLeft':
          store.stepBack();
          break;
        case 'Home':
          store.reset();
          break;
        case 'End':
          store.skipToEnd();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

import { beforeEach, describe, expect, it } from 'vitest';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { useStackscope } from './store.ts';
import { SPEEDS } from './run-slice.ts';

const initial = useStackscope.getState();

/** Plays the run with one animation frame of `frameMs` at a time until it stops or `frames` pass. */
function play(frames: number, frameMs = 16): void {
  useStackscope.getState().play();
  for (let frame = 0; frame < frames && useStackscope.getState().playing; frame++) useStackscope.getState().tick(frameMs);
}

describe('a playing run', () => {
  beforeEach(() => useStackscope.setState(initial, true));

  it('cuts a long idle stretch (nginx’s 75 s keep-alive timeout) to about a second of real time', () => {
    const store = useStackscope.getState();
    store.startRun(example('default'));
    store.setSpeedIndex(SPEEDS.indexOf(64));
    // At 64 virtual ms per real second, 75 s of waiting would take 20 minutes; 40 real seconds
    // of frames are enough when idle time is cut.
    play(2500);
    const { playback, playing } = useStackscope.getState();
    expect(playing).toBe(false);
    expect(playback!.time).toBeGreaterThan(75_000);
  });

  it('still plays time at the chosen speed while a message is on the wire', () => {
    const store = useStackscope.getState();
    store.startRun(example('default'));
    store.setSpeedIndex(SPEEDS.indexOf(1));
    // The DNS query is on its 5 ms link after the first event: one real second moves 1 ms.
    store.stepForward();
    store.stepForward();
    expect(useStackscope.getState().inFlightByLink.size).toBeGreaterThan(0);
    const before = useStackscope.getState().playback!.time;
    play(10, 100);
    expect(useStackscope.getState().playback!.time - before).toBeCloseTo(1, 5);
  });
});

import type { StateCreator } from 'zustand';
import {
  advanceToTime,
  createPlayback,
  currentEvent,
  inFlightMessages,
  isAtEnd,
  nextEventTime,
  nodeStatus,
  resetPlayback,
  runToEnd,
  seekTo,
  stepBack,
  stepForward,
  type InFlightMessage,
  type NodeStatus,
  type Playback,
  type TopologyDocument,
} from '../../src/simulation/index.ts';
import type { StackscopeState } from './store.ts';

/** Playback speeds, in virtual milliseconds per real second. */
export const SPEEDS = [0.5, 1, 2, 4, 8, 16, 32, 64] as const;
export const DEFAULT_SPEED_INDEX = 3;
/** Runs up to this many events are computed when they open, so the UI knows their length. */
const PRECOMPUTED_EVENTS = 20_000;
/** The longest a playing run waits, in real milliseconds, while nothing is on the wire. */
const IDLE_WAIT_MS = 1000;

export interface RunSlice {
  readonly playback: Playback | null;
  readonly playing: boolean;
  readonly speedIndex: number;
  /** How many events the whole run has, or null when it is too long to compute up front. */
  readonly totalEvents: number | null;
  /** What each node shows at the cursor; recomputed only when the cursor moves. */
  readonly statuses: Readonly<Record<string, NodeStatus | undefined>>;
  /** Messages on each link at the cursor, by link id; recomputed only when the cursor moves. */
  readonly inFlightByLink: ReadonlyMap<string, readonly InFlightMessage[]>;
  /** The event the inspector shows: the current one, unless a person picked another. */
  readonly selectedSeq: number | null;
  startRun(document: TopologyDocument, event?: number): void;
  clearRun(): void;
  play(): void;
  pause(): void;
  stepForward(): void;
  stepBack(): void;
  /** Jumps to the end of the run (at most PRECOMPUTED_EVENTS further in a run too long to know its end). */
  skipToEnd(): void;
  reset(): void;
  /** Moves the run to just after event `seq`. */
  seekToEvent(seq: number): void;
  selectEvent(seq: number | null): void;
  setSpeedIndex(index: number): void;
  /** Advances a playing run by `realMs` of wall-clock time, at the chosen speed. */
  tick(realMs: number): void;
}

type RunView = Pick<RunSlice, 'playback' | 'statuses' | 'inFlightByLink' | 'selectedSeq'>;

/** The state that follows from a playback; derived values are rebuilt only when the cursor moved. */
export function viewOf(playback: Playback, previous: Playback | null, previousView?: RunView): RunView {
  if (previous && previousView && previous.cursor === playback.cursor && previous.timeline === playback.timeline) {
    return { ...previousView, playback };
  }
  const statuses: Record<string, NodeStatus | undefined> = {};
  for (const node of playback.topology.nodes) statuses[node.id] = nodeStatus(playback, node.id);
  const inFlightByLink = new Map<string, InFlightMessage[]>();
  for (const message of inFlightMessages(playback)) {
    const list = inFlightByLink.get(message.linkId);
    if (list) list.push(message);
    else inFlightByLink.set(message.linkId, [message]);
  }
  return { playback, statuses, inFlightByLink, selectedSeq: currentEvent(playback)?.seq ?? null };
}

const EMPTY_VIEW: RunView = { playback: null, statuses: {}, inFlightByLink: new Map(), selectedSeq: null };

export const createRunSlice: StateCreator<StackscopeState, [], [], RunSlice> = (set, get) => {
  /** Applies a new playback, keeping derived values when the cursor did not move. */
  const move = (next: Playback, extra: Partial<StackscopeState> = {}) => {
    const state = get();
    set({ ...viewOf(next, state.playback, state), ...extra });
  };
  // Stepping shows the inspector, unless the person is watching the browser window.
  const tabWhileStepping = () => (get().sidebarTab === 'browser' ? 'browser' : 'inspector');
  const withPlayback = (action: (playback: Playback) => void) => {
    const playback = get().playback;
    if (playback) action(playback);
  };
  return {
    ...EMPTY_VIEW,
    playing: false,
    speedIndex: DEFAULT_SPEED_INDEX,
    totalEvents: null,
    startRun(document, event) {
      const start = createPlayback(document);
      const whole = runToEnd(start, PRECOMPUTED_EVENTS);
      const totalEvents = isAtEnd(whole) ? whole.cursor : null;
      const playback = event === undefined ? start : seekTo(start, event + 1);
      set({ ...viewOf(playback, null), playing: false, totalEvents });
    },
    clearRun() {
      set({ ...EMPTY_VIEW, playing: false, totalEvents: null });
    },
    play() {
      withPlayback((playback) => {
        // Pressing Play at the end replays the run from the start, as a media player does.
        if (isAtEnd(playback)) move(resetPlayback(playback), { playing: true });
        else set({ playing: true });
      });
    },
    pause() {
      set({ playing: false });
    },
    stepForward() {
      withPlayback((playback) => move(stepForward(playback), { playing: false, sidebarTab: tabWhileStepping() }));
    },
    stepBack() {
      withPlayback((playback) => move(stepBack(playback), { playing: false, sidebarTab: tabWhileStepping() }));
    },
    skipToEnd() {
      withPlayback((playback) => move(runToEnd(playback, playback.cursor + PRECOMPUTED_EVENTS), { playing: false }));
    },
    reset() {
      withPlayback((playback) => move(resetPlayback(playback), { playing: false }));
    },
    seekToEvent(seq) {
      withPlayback((playback) => move(seekTo(playback, seq + 1), { playing: false }));
    },
    selectEvent(seq) {
      set({ selectedSeq: seq, sidebarTab: 'inspector' });
    },
    setSpeedIndex(index) {
      set({ speedIndex: Math.min(SPEEDS.length - 1, Math.max(0, Math.round(index))) });
    },
    tick(realMs) {
      withPlayback((playback) => {
        if (!get().playing) return;
        const speed = SPEEDS[get().speedIndex] ?? SPEEDS[DEFAULT_SPEED_INDEX];
        let target = playback.time + (Math.min(realMs, 100) / 1000) * speed;
        // Nothing on the wire: a long idle stretch (a keep-alive timeout, a DNS retry) is cut to
        // one real second before the next event, instead of making a person wait minutes.
        const upcoming = nextEventTime(playback);
        const idleCap = speed * (IDLE_WAIT_MS / 1000);
        if (upcoming !== undefined && upcoming - target > idleCap && get().inFlightByLink.size === 0) target = upcoming - idleCap;
        const next = advanceToTime(playback, target);
        const finished = nextEventTime(next) === undefined && next.cursor === next.events.length;
        move(next, finished ? { playing: false } : {});
      });
    },
  };
};

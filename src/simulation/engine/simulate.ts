import type { TopologyDocument } from '../model/topology.ts';
import type { TraceEvent } from '../model/trace.ts';
import { Simulator } from './simulator.ts';

export interface SimulateOptions {
  readonly seed?: number;
  /** Called for each event in order. Reading `event.message` builds its layers. */
  readonly onEvent?: (event: TraceEvent) => void;
  /** Stops after this many events, for documents that would run forever. */
  readonly maxEvents?: number;
}

export interface SimulateSummary {
  readonly events: number;
  /** Virtual ms of the last event. */
  readonly endTime: number;
  readonly finished: boolean;
}

/**
 * Runs a document to the end without keeping history: the fast path for the CLI and load runs.
 *
 * @example
 *   const lines: string[] = [];
 *   simulate(doc, { onEvent: (e) => lines.push(traceEventToJson(e)) });
 */
export function simulate(topology: TopologyDocument, options: SimulateOptions = {}): SimulateSummary {
  let events = 0;
  let endTime = 0;
  const onEvent = options.onEvent;
  const limit = options.maxEvents ?? Number.POSITIVE_INFINITY;
  const simulator = new Simulator(topology, options.seed ?? topology.seed, {
    recordStates: false,
    onEvent: (event) => {
      events++;
      endTime = event.t;
      onEvent?.(event);
    },
  });
  while (events < limit && simulator.step()) {
    // step() reports each event through onEvent
  }
  return { events, endTime, finished: simulator.finished };
}

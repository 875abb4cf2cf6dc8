/**
 * `npm run bench`: runs 100,000 page loads through the default stack and prints
 *   engine: N events/s
 *   floor: N events/s
 *   ratio: X
 * where the floor is a bare (time, seq) heap handling the same number of events in the same
 * process (bench/floor.ts). An "event" is one trace event.
 */
import { simulate } from '../src/simulation/index.ts';
import { runFloor } from './floor.ts';
import { loadDocument } from './load-document.ts';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 100_000);
// 4 ms apart: about the service time of the default stack, so a backlog forms now and then.
const document = loadDocument(REQUESTS, 4);

function time(run: () => number): { count: number; seconds: number } {
  const start = process.hrtime.bigint();
  const count = run();
  return { count, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

// Warm both paths up so the JIT has compiled them before we measure.
simulate(loadDocument(2_000, 4));
runFloor(200_000);

const engine = time(() => simulate(document).events);
const floor = time(() => runFloor(engine.count));
const engineRate = engine.count / engine.seconds;
const floorRate = floor.count / floor.seconds;

// The contract is three lines on stdout; the run's size goes to stderr so scripts can still read it.
console.error(`requests: ${REQUESTS}, events: ${engine.count}, engine time: ${engine.seconds.toFixed(2)} s`);
console.log(`engine: ${Math.round(engineRate)} events/s`);
console.log(`floor: ${Math.round(floorRate)} events/s`);
console.log(`ratio: ${(engineRate / floorRate).toFixed(3)}`);

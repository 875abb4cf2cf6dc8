import type { LazyText, NodeContext } from '../../engine/simulator.ts';
import type { Table, Writable } from '../../engine/table.ts';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import { requestLine } from '../../protocols/http.ts';
import type { HasTcp } from '../tcp-endpoint.ts';
import { workerClass, type GunicornConfig } from './config.ts';
import type { HasGunicornLogs } from './logs.ts';

/** A request a worker thread has in hand (a sync worker has one thread). */
export interface Slot {
  readonly connId: string;
  /** The request being handled (its request line is what a person sees). */
  readonly request: HttpRequestPayload;
  /** The WSGI call this thread waits on, so the framework's answer finds it. */
  readonly callId: number;
}

export type WorkerState = 'booting' | 'idle' | 'busy' | 'killed';

export interface Worker {
  readonly index: number;
  readonly pid: number;
  readonly state: WorkerState;
  /** One entry per busy thread, oldest first. */
  readonly slots: readonly Slot[];
  /** A sync worker's --timeout timer for the request in hand, or -1. */
  readonly timer: number;
}

/** An idle keep-alive connection a gthread worker holds, waiting for its next request. */
export interface KeptConnection {
  readonly worker: number;
  readonly timer: number;
}

export interface GunicornState extends HasTcp, HasGunicornLogs {
  readonly masterPid: number;
  readonly workers: readonly Worker[];
  /** Connections whose request has arrived but that no worker thread has taken yet, oldest first. */
  readonly backlog: readonly string[];
  /** Connections the kernel completed and no worker thread has taken yet: the listen queue. */
  readonly queued: Table<true>;
  readonly requests: Table<HttpRequestPayload>;
  /** Keep-alive connections between requests (gthread only). */
  readonly kept: Table<KeptConnection>;
  readonly nextCallId: number;
  readonly served: number;
  /** The pid the next booted worker gets. */
  readonly nextPid: number;
  readonly timeouts: number;
  /** SYNs dropped because the listen queue was full. */
  readonly overflows: number;
}

export type Ctx = NodeContext<GunicornState>;

export const configOf = (ctx: Ctx) => ctx.node.config as GunicornConfig;

/** Requests one worker runs at once: 1 for sync, --threads for gthread. */
export function threadsOf(config: GunicornConfig): number {
  return workerClass(config) === 'gthread' ? config.threads : 1;
}

/** Changes one worker: in place in a load run, as a new worker in a new list in a playback. */
export function updateWorker(ctx: Ctx, worker: Worker, change: Partial<Omit<Worker, 'index'>>): Worker {
  if (ctx.inPlace) {
    Object.assign(worker as Writable<Worker>, change);
    return worker;
  }
  const next: Worker = { ...worker, ...change };
  const draft = ctx.draft();
  draft.workers = draft.workers.map((candidate) => (candidate.index === worker.index ? next : candidate));
  return next;
}

/** The worker's threads with one more request (copied in a playback). */
export function withSlot(ctx: Ctx, worker: Worker, slot: Slot): readonly Slot[] {
  if (ctx.inPlace) {
    (worker.slots as Slot[]).push(slot);
    return worker.slots;
  }
  return [...worker.slots, slot];
}

export function withoutSlot(ctx: Ctx, worker: Worker, connId: string): readonly Slot[] {
  if (ctx.inPlace) {
    const slots = worker.slots as Slot[];
    const at = slots.findIndex((slot) => slot.connId === connId);
    if (at >= 0) slots.splice(at, 1);
    return slots;
  }
  return worker.slots.filter((slot) => slot.connId !== connId);
}

/**
 * The worker that takes a new request: for sync, the lowest-numbered idle worker; for
 * gthread, the worker a kept-alive connection belongs to if it has a free thread, else the
 * one with the most free threads (the lowest-numbered among equals).
 */
export function pickWorker(workers: readonly Worker[], threads: number, preferred = -1): Worker | undefined {
  let best: Worker | undefined;
  for (const worker of workers) {
    if (worker.state !== 'idle' && worker.state !== 'busy') continue;
    if (worker.slots.length >= threads) continue;
    if (worker.index === preferred) return worker;
    if (!best || worker.slots.length < best.slots.length) best = worker;
  }
  return best;
}

/**
 * "Worker 1 (pid 1234) busy: GET / HTTP/1.0" or "... idle" (sync); with threads,
 * "Worker 1 (pid 1234) busy (2 of 4 threads): GET / HTTP/1.0". Written when read.
 */
export class WorkerNote implements LazyText {
  // Copied: in a load run the worker record changes in place, and a worker that is killed
  // and replaced keeps its number but not its pid.
  private readonly index: number;
  private readonly pid: number;
  private readonly busy: number;

  constructor(
    worker: Worker,
    private readonly request: HttpRequestPayload | null,
    private readonly threads: number,
  ) {
    this.index = worker.index;
    this.pid = worker.pid;
    this.busy = worker.slots.length;
  }

  text(): string {
    const { index, pid, busy, threads } = this;
    const who = `Worker ${index} (pid ${pid})`;
    if (threads === 1) return this.request ? `${who} busy: ${requestLine(this.request)}` : `${who} idle`;
    if (this.request) return `${who} busy (${busy} of ${threads} threads): ${requestLine(this.request)}`;
    return busy === 0 ? `${who} idle` : `${who}: ${busy} of ${threads} threads busy`;
  }
}

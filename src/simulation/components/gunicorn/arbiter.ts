import { tableDelete } from '../../engine/table.ts';
import { tcpClose } from '../tcp-endpoint.ts';
import { logError } from './logs.ts';
import { takeFromBacklog } from './serve.ts';
import { updateWorker, type Ctx } from './state.ts';

/** The arbiter's timers: a worker timed out; a killed worker is replaced; a new worker is ready. */
export interface ArbiterTimer {
  readonly type: 'worker-timeout' | 'respawn' | 'booted';
  readonly index: number;
  readonly pid: number;
}

/** How long after the kill the master forks the new worker, and how long the worker takes to boot (import the app). */
export const RESPAWN_MS = 10;
export const BOOT_MS = 100;

/**
 * The master process (the arbiter). A sync worker that has not answered within --timeout is
 * sent SIGABRT (Arbiter.murder_workers logs [CRITICAL] WORKER TIMEOUT); it exits, and its
 * socket closes with no answer, so the client reads an empty reply. The master forks a new
 * worker with a new pid, which boots and then takes connections from the backlog. The
 * listening socket belongs to the master, so the listen queue survives the kill.
 */
export function arbiter(ctx: Ctx, timer: ArbiterTimer): void {
  const worker = ctx.state.workers.find((candidate) => candidate.index === timer.index);
  if (!worker || worker.pid !== timer.pid) return;
  if (timer.type === 'worker-timeout') {
    const slot = worker.slots[0];
    if (worker.state !== 'busy' || !slot) return;
    logError(ctx, ctx.state.masterPid, 'CRITICAL', `WORKER TIMEOUT (pid:${worker.pid})`);
    // handle_abort runs sys.exit(1); spawn_worker's finally logs the exit from the worker itself.
    logError(ctx, worker.pid, 'INFO', `Worker exiting (pid: ${worker.pid})`);
    // The process dies: the kernel closes its socket, and the request is never answered.
    tcpClose(ctx, slot.connId);
    const state = ctx.draft();
    state.requests = tableDelete(state.requests, slot.connId, ctx.inPlace);
    state.timeouts = state.timeouts + 1;
    updateWorker(ctx, worker, { state: 'killed', slots: [], timer: -1 });
    ctx.timer(RESPAWN_MS, { type: 'respawn', index: worker.index, pid: worker.pid } satisfies ArbiterTimer, `The master replaces worker ${worker.index}`);
    return;
  }
  if (timer.type === 'respawn') {
    const pid = ctx.state.nextPid;
    ctx.draft().nextPid = pid + 1;
    updateWorker(ctx, worker, { state: 'booting', slots: [], timer: -1, pid });
    logError(ctx, pid, 'INFO', `Booting worker with pid: ${pid}`);
    ctx.timer(BOOT_MS, { type: 'booted', index: worker.index, pid } satisfies ArbiterTimer, `Worker ${worker.index} (pid ${pid}) has loaded the application`);
    return;
  }
  updateWorker(ctx, worker, { state: 'idle', slots: [], timer: -1 });
  takeFromBacklog(ctx, worker.index);
}

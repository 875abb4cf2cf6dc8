import { z } from '../../io/zod.ts';
import { ipv4, port } from '../shared-config.ts';

/** Gunicorn's own setting names (gunicorn/config.py, 20.1.0), with their defaults where the simulation keeps them. */
export const gunicornConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.3'),
  port: port.default(8000).describe('--bind 0.0.0.0:PORT'),
  workers: z.number().int().min(1).max(64).default(2).describe('--workers: sync worker processes'),
  worker_class: z
    .enum(['sync', 'gthread'])
    .default('sync')
    .describe('--worker-class: sync runs one request at a time per worker; gthread runs --threads requests at once. sync with --threads above 1 becomes gthread, as in Gunicorn'),
  threads: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe('--threads: requests each worker runs at once (gthread worker); above 1 the worker class is gthread'),
  worker_connections: z
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(1000)
    .describe('--worker-connections: connections a gthread worker accepts at once; the rest wait in the listen backlog'),
  backlog: z
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(2048)
    .describe('--backlog: connections that may wait in the listen queue (Linux caps it at net.core.somaxconn, 4096); beyond it a SYN is dropped'),
  timeout: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(30)
    .describe('--timeout, in seconds: a worker silent for longer is killed and a new one booted; 0 never kills'),
  keepalive: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(2)
    .describe('--keep-alive, in seconds: how long a gthread worker keeps an idle HTTP/1.1 connection open; 0 closes after each response (sync workers always close)'),
  accesslog: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("--access-logfile: '-' writes the access log to stdout; unset, no access log (Gunicorn's default)"),
});

export type GunicornConfig = z.infer<typeof gunicornConfigSchema>;

/** The class Gunicorn runs: `sync` with --threads above 1 is gthread (Config.worker_class_str). */
export function workerClass(config: Pick<GunicornConfig, 'worker_class' | 'threads'>): 'sync' | 'gthread' {
  return config.worker_class === 'gthread' || config.threads > 1 ? 'gthread' : 'sync';
}

/** Linux's net.core.somaxconn: listen() silently caps a larger backlog to it. */
export const SOMAXCONN = 4096;

import { z } from '../../io/zod.ts';
import { ipv4, port } from '../shared-config.ts';

export const gunicornConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.3'),
  port: port.default(8000).describe('--bind 0.0.0.0:PORT'),
  workers: z.number().int().min(1).max(64).default(2).describe('--workers: sync worker processes'),
  backlog: z.number().int().min(1).max(65535).default(2048).describe('--backlog: connections that may wait'),
  timeout: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(30)
    .describe('--timeout, in seconds: a worker silent for longer is killed and a new one booted; 0 never kills'),
});

export type GunicornConfig = z.infer<typeof gunicornConfigSchema>;

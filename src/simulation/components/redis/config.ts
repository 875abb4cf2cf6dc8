import { z } from '../../io/zod.ts';
import { ipv4, milliseconds, port } from '../shared-config.ts';

// Scaffolding: the Redis work fills this in.
export const redisConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.6'),
  port: port.default(6379),
  commandLatencyMs: milliseconds.default(0.2).describe('Time to run one command'),
});

export type RedisConfig = z.infer<typeof redisConfigSchema>;

import { z } from '../../io/zod.ts';
import { ipv4, milliseconds, port } from '../shared-config.ts';

export const redisConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.6').describe('The machine\'s IP address'),
  port: port.default(6379).describe('port in redis.conf: where clients connect'),
  commandLatencyMs: milliseconds.default(0.2).describe('Time to run one command'),
});

export type RedisConfig = z.infer<typeof redisConfigSchema>;

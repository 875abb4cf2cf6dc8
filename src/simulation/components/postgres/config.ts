import { z } from '../../io/zod.ts';
import { ipv4, milliseconds, port } from '../shared-config.ts';

export const tableSchema = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lowercase SQL name such as posts' }),
  columns: z.array(z.string().min(1)).min(1),
  rows: z.array(z.array(z.string())).default([]),
});

export const postgresConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.5'),
  port: port.default(5432),
  queryLatencyMs: milliseconds.default(2).describe('Time to plan and execute one query'),
  tables: z.array(tableSchema).default([]),
});

export type PostgresConfig = z.infer<typeof postgresConfigSchema>;

import { z } from '../../io/zod.ts';
import { ipv4, milliseconds } from '../shared-config.ts';

// Scaffolding: the DNS work fills this in (records of several types, zone, role).
export const dnsServerConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.60'),
  processingMs: milliseconds.default(0.1).describe('Time to look a name up'),
});

export type DnsServerConfig = z.infer<typeof dnsServerConfigSchema>;

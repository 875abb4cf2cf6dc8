import { z } from '../../io/zod.ts';
import { hostName, ipv4, milliseconds } from '../shared-config.ts';

export const aRecordSchema = z.strictObject({
  name: hostName.describe('The name being looked up'),
  type: z.literal('A').default('A'),
  address: ipv4.describe('The IPv4 address it resolves to'),
  ttl: z.number().int().min(0).max(2_147_483_647).default(300).describe('Seconds a client may cache the answer'),
});

export const dnsResolverConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.53'),
  records: z.array(aRecordSchema).default([]).describe('The A records this resolver answers from its zone'),
  processingMs: milliseconds.default(0.1).describe('Time to look a name up'),
});

export type DnsResolverConfig = z.infer<typeof dnsResolverConfigSchema>;

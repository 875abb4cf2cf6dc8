import { z } from '../../io/zod.ts';
import { hostName, ipv4, milliseconds } from '../shared-config.ts';
import { answerOrder } from '../dns-server/config.ts';

export const aRecordSchema = z.strictObject({
  name: hostName.describe('The name being looked up'),
  type: z.literal('A').default('A'),
  address: ipv4.describe('The IPv4 address it resolves to'),
  ttl: z.number().int().min(0).max(2_147_483_647).default(300).describe('Seconds a client may cache the answer'),
});

export const dnsResolverConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.53'),
  records: z
    .array(aRecordSchema)
    .default([])
    .describe('Local A records answered at once, without asking anyone (like dnsmasq\'s addn-hosts)'),
  order: answerOrder,
  rootHints: z
    .array(ipv4)
    .default([])
    .describe('The root servers\' addresses to start from (root hints); empty: the linked DNS servers authoritative for "."'),
  processingMs: milliseconds.default(0.1).describe('Time to look a name up (not used: answers leave when the question arrives)'),
});

export type DnsResolverConfig = z.infer<typeof dnsResolverConfigSchema>;

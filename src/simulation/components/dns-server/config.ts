import { z } from '../../io/zod.ts';
import { hostName, ipv4 } from '../shared-config.ts';

const IPV6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(([0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4})?::(([0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4})?)$/;

/**
 * A zone's name: "." for the root, or a domain such as "com" or "example.com". One pattern
 * rather than a union, so the settings form shows a plain text field.
 */
export const zoneName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(\.|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$/, {
    message: 'must be "." (the root) or a domain name such as example.com',
  });

/** A TTL in seconds, as RFC 2181 section 8 allows it. */
export const ttl = z.number().int().min(0).max(2_147_483_647);

/** How a server orders several records of one name and type from one answer to the next. */
export const answerOrder = z
  .enum(['rotate', 'random'])
  .default('rotate')
  .describe('Several records for one name: rotate them one place per answer (dnsmasq), or shuffle them (BIND\'s default)');

export const zoneRecordSchema = z
  .strictObject({
    name: zoneName.describe('The owner name, written in full: www.example.com, com, or "." for the root'),
    type: z.enum(['A', 'AAAA', 'CNAME', 'NS']).describe('A: IPv4 address; AAAA: IPv6 address; CNAME: alias of another name; NS: a name server for the zone at this name'),
    value: z.string().min(1).max(253).describe('The IPv4 address (A), IPv6 address (AAAA) or host name (CNAME, NS) the record holds'),
    ttl: ttl.default(3600).describe('Seconds a resolver may cache the record'),
  })
  .superRefine((record, context) => {
    const ok =
      record.type === 'A' ? ipv4.safeParse(record.value).success : record.type === 'AAAA' ? IPV6.test(record.value) : hostName.safeParse(record.value).success;
    if (!ok) {
      const expected = record.type === 'A' ? 'an IPv4 address such as 10.0.0.2' : record.type === 'AAAA' ? 'an IPv6 address such as 2001:db8::1' : 'a host name such as ns1.example.com';
      context.addIssue({ code: 'custom', path: ['value'], message: `must be ${expected} for ${record.type === 'A' ? 'an' : 'a'} ${record.type} record` });
    }
  });

export const dnsServerConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.60').describe('The machine\'s IP address'),
  zone: zoneName.default('.').describe('The zone this server is authoritative for: "." (the root), a TLD such as "com", or a domain such as "example.com"'),
  records: z.array(zoneRecordSchema).default([]).describe('The zone\'s records; NS records below the zone delegate a child zone (add their glue A records)'),
  negativeTtl: ttl
    .default(3600)
    .describe('The SOA minimum: seconds a resolver may cache "no such name" (RFC 2308)'),
  order: answerOrder,
});

export type DnsServerConfig = z.infer<typeof dnsServerConfigSchema>;
export type ZoneRecord = z.infer<typeof zoneRecordSchema>;

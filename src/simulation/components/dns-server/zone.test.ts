import { describe, expect, it } from 'vitest';
import { diagnose } from '../../index.ts';
import { example } from '../../test-support/documents.node.ts';
import type { TopologyDocument } from '../../model/topology.ts';
import { dnsServerConfigSchema } from './config.ts';
import { answerFromZone, zoneOf } from './zone.ts';

const asIs = <T>(records: readonly T[]) => records;
const comZone = zoneOf(
  dnsServerConfigSchema.parse({
    zone: 'com',
    negativeTtl: 900,
    records: [
      { name: 'com', type: 'NS', value: 'a.gtld-servers.net' },
      { name: 'example.com', type: 'NS', value: 'ns1.example.com', ttl: 172800 },
      { name: 'ns1.example.com', type: 'A', value: '10.0.1.53', ttl: 172800 },
      { name: 'shop.com', type: 'CNAME', value: 'www.shop.com' },
      { name: 'www.shop.com', type: 'A', value: '10.0.2.1' },
      { name: 'mail.deep.com', type: 'A', value: '10.0.2.2' },
    ],
  }),
);
const ask = (name: string, type: 'A' | 'AAAA' | 'NS' = 'A') => answerFromZone(comZone, { name, type, class: 'IN' }, asIs);

describe('answerFromZone: an authoritative server’s answers (RFC 1034 section 4.3.2)', () => {
  it('refers a name under a delegation: NS in authority, glue in additional, no AA', () => {
    const reply = ask('www.example.com');
    expect(reply).toMatchObject({ authoritative: false, rcode: 'NOERROR', answers: [] });
    expect(reply.authority.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual(['example.com NS ns1.example.com']);
    expect(reply.additional.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual(['ns1.example.com A 10.0.1.53']);
  });

  it('answers with AA and follows a CNAME inside the zone', () => {
    const reply = ask('shop.com');
    expect(reply.authoritative).toBe(true);
    expect(reply.answers.map((r) => `${r.type} ${r.data}`)).toEqual(['CNAME www.shop.com', 'A 10.0.2.1']);
  });

  it('says NXDOMAIN with AA and the SOA for a name that does not exist', () => {
    const reply = ask('exmaple.com');
    expect(reply).toMatchObject({ authoritative: true, rcode: 'NXDOMAIN', answers: [] });
    expect(reply.authority).toEqual([{ name: 'com', type: 'SOA', class: 'IN', ttl: 900, data: 'a.gtld-servers.net hostmaster.com 1 7200 3600 1209600 900' }]);
  });

  it('says NOERROR with no answer (NODATA) for a type the name lacks, and for an empty non-terminal', () => {
    expect(ask('www.shop.com', 'AAAA')).toMatchObject({ authoritative: true, rcode: 'NOERROR', answers: [] });
    expect(ask('deep.com')).toMatchObject({ authoritative: true, rcode: 'NOERROR', answers: [] });
  });

  it('refuses a name outside its zone', () => {
    expect(ask('example.org').rcode).toBe('REFUSED');
  });
});

describe('dns-server checks before a run', () => {
  const base = example('dns-full-resolution');
  const withRecords = (records: unknown[]): TopologyDocument => ({
    ...base,
    nodes: base.nodes.map((node) => (node.id === 'example-ns' ? { ...node, config: { ...node.config, records } } : node)),
  });

  it('refuses a CNAME beside other data at the same name (RFC 1034 section 3.6.2)', () => {
    const doc = withRecords([
      { name: 'www.example.com', type: 'CNAME', value: 'example.com', ttl: 300 },
      { name: 'www.example.com', type: 'A', value: '10.0.0.2', ttl: 300 },
    ]);
    expect(diagnose(doc).filter((d) => d.nodeId === 'example-ns')).toEqual([
      expect.objectContaining({ severity: 'error', path: 'records[0].type', message: 'www.example.com has a CNAME and an A record too: RFC 1034 forbids any other data beside a CNAME.' }),
    ]);
  });

  it('refuses a delegation whose name server has no address anywhere', () => {
    const doc = withRecords([{ name: 'shop.example.com', type: 'NS', value: 'ns.shop.example.com', ttl: 300 }]);
    expect(diagnose(doc).filter((d) => d.nodeId === 'example-ns')).toEqual([expect.objectContaining({ severity: 'error', path: 'records[0].value' })]);
  });

  it('refuses a record outside the zone', () => {
    const doc = withRecords([{ name: 'example.org', type: 'A', value: '10.0.0.2', ttl: 300 }]);
    expect(diagnose(doc).filter((d) => d.nodeId === 'example-ns')).toEqual([expect.objectContaining({ severity: 'error', path: 'records[0].name' })]);
  });

  it('explains a bad record value with the field', () => {
    const parsed = dnsServerConfigSchema.safeParse({ zone: 'com', records: [{ name: 'x.com', type: 'A', value: 'ns1.example.com' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['records', 0, 'value'], message: 'must be an IPv4 address such as 10.0.0.2 for an A record' });
  });
});

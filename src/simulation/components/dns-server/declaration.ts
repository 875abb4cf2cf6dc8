import type { Diagnostic } from '../../model/diagnostic.ts';
import type { CheckContext, KindDeclaration } from '../services.ts';
import { problem } from '../check-helpers.ts';
import { canonicalName, isAtOrBelow } from '../../protocols/dns.ts';
import type { DnsServerConfig, ZoneRecord } from './config.ts';

/** An authoritative name server answers the resolvers that ask it; a browser never asks it directly. */
export const dnsServerDeclaration: KindDeclaration = {
  role: 'a name server',
  serves: ['authoritative-dns'],
  uses: [],
  check(context) {
    const config = context.config as DnsServerConfig;
    const zone = canonicalName(config.zone);
    return [...outsideZone(context, config, zone), ...cnameBesideData(context, config), ...delegationsWithoutGlue(context, config, zone)];
  },
};

function shownZone(zone: string): string {
  return zone === '' ? 'the root zone (.)' : `${zone}.`;
}

/** A record whose name is not in the zone would never be served. */
function outsideZone(context: CheckContext, config: DnsServerConfig, zone: string): Diagnostic[] {
  return config.records.flatMap((record, index) =>
    isAtOrBelow(record.name, zone)
      ? []
      : [
          problem(
            context,
            'error',
            `records[${index}].name ${record.name} is not in ${shownZone(zone)}, the zone ${context.name} serves: nobody would be given it.`,
            `Write the name in full under ${zone || 'the root'}, or put the record on the server of its own zone.`,
            `records[${index}].name`,
          ),
        ],
  );
}

/** RFC 1034 section 3.6.2: a name with a CNAME has no other data. */
function cnameBesideData(context: CheckContext, config: DnsServerConfig): Diagnostic[] {
  const byName = new Map<string, ZoneRecord[]>();
  for (const record of config.records) byName.set(canonicalName(record.name), [...(byName.get(canonicalName(record.name)) ?? []), record]);
  return config.records.flatMap((record, index) => {
    if (record.type !== 'CNAME') return [];
    const others = byName.get(canonicalName(record.name))!.filter((other) => other !== record);
    if (others.length === 0) return [];
    return [
      problem(
        context,
        'error',
        `${record.name} has a CNAME and ${others.length === 1 ? `an ${others[0]!.type} record` : 'other records'} too: RFC 1034 forbids any other data beside a CNAME.`,
        `Keep either the CNAME or the other records of ${record.name}.`,
        `records[${index}].type`,
      ),
    ];
  });
}

/**
 * A delegation's name servers need addresses: glue A records in this zone, which the referral
 * carries in its additional section. Without them the resolver would have to look the name
 * server up first, which Stackscope's resolver does only from what it already has cached.
 */
function delegationsWithoutGlue(context: CheckContext, config: DnsServerConfig, zone: string): Diagnostic[] {
  return config.records.flatMap((record, index) => {
    if (record.type !== 'NS' || canonicalName(record.name) === zone) return [];
    const target = canonicalName(record.value);
    const glued = config.records.some((other) => canonicalName(other.name) === target && (other.type === 'A' || other.type === 'AAAA'));
    if (glued) return [];
    const elsewhere = context.world.nodes.some(
      (node) =>
        node.kind === 'dns-server' &&
        node.id !== context.nodeId &&
        ((node.config['records'] as ZoneRecord[] | undefined) ?? []).some((other) => canonicalName(other.name) === target && other.type === 'A'),
    );
    return [
      problem(
        context,
        elsewhere ? 'warning' : 'error',
        elsewhere
          ? `The name server ${record.value} of ${record.name} has no glue A record in ${shownZone(zone)}: a resolver that has not cached its address cannot follow the delegation.`
          : `The name server ${record.value} of ${record.name} has no address anywhere: no server holds an A record for it, so ${record.name} cannot be resolved.`,
        `Add an A record for ${record.value} to this zone (glue), next to the NS record.`,
        `records[${index}].value`,
      ),
    ];
  });
}

import type { KindDeclaration } from '../services.ts';
import { problem } from '../check-helpers.ts';
import type { DnsResolverConfig } from './config.ts';

/** A resolver answers the DNS questions of browsers, asking the authoritative servers it is linked to. */
export const dnsResolverDeclaration: KindDeclaration = {
  role: 'a DNS resolver',
  serves: ['dns'],
  uses: ['authoritative-dns'],
  check(context) {
    const config = context.config as DnsResolverConfig;
    const records = config.records.flatMap((record, index) =>
      context.world.nodes.some((node) => node.address === record.address)
        ? []
        : [
            problem(
              context,
              'warning',
              `${record.name} points at ${record.address}, which no node on the canvas has: a browser will find nobody there.`,
              `Change the address to the one of the server that should answer ${record.name}.`,
              `records[${index}].address`,
            ),
          ],
    );
    const hints = (config.rootHints ?? []).flatMap((address, index) =>
      context.world.route(context.nodeId, address)
        ? []
        : [
            problem(
              context,
              'error',
              `The root hint ${address} is not the address of a DNS server linked to ${context.name}: every resolution would end in SERVFAIL.`,
              'Link the root DNS server to this resolver, or correct the address.',
              `rootHints[${index}]`,
            ),
          ],
    );
    return [...records, ...hints];
  },
};

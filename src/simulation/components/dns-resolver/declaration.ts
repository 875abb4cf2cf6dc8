import type { KindDeclaration } from '../services.ts';
import { problem } from '../check-helpers.ts';
import type { DnsResolverConfig } from './config.ts';

/** A resolver answers DNS questions from its zone. */
export const dnsResolverDeclaration: KindDeclaration = {
  serves: ['dns'],
  uses: [],
  check(context) {
    const config = context.config as DnsResolverConfig;
    return config.records.flatMap((record, index) =>
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
  },
};

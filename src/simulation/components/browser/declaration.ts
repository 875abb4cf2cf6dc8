import type { KindDeclaration } from '../services.ts';
import { nameOf, neighboursOfKind, nodeForHost, problem } from '../check-helpers.ts';
import type { BrowserConfig } from './config.ts';

/** A browser asks DNS for names and HTTP servers for pages; it serves nothing. */
export const browserDeclaration: KindDeclaration = {
  serves: [],
  uses: ['dns', 'http'],
  check(context) {
    const config = context.config as BrowserConfig;
    const problems = [];
    const resolvers = neighboursOfKind(context, 'dns-resolver', 'network');
    if (config.nameserver === undefined && resolvers.length === 0) {
      problems.push(
        problem(context, 'error', `${context.name} has no route to a DNS resolver, so it cannot look up any name.`, 'Connect it to a DNS resolver with a network link.'),
      );
    }
    config.visits.forEach((visit, index) => {
      const host = /^http:\/\/([^/:]+)/.exec(visit.url)?.[1];
      if (!host || resolvers.length === 0) return;
      const known = resolvers.some((resolver) =>
        ((resolver.config['records'] as { name: string }[] | undefined) ?? []).some((record) => record.name.replace(/\.$/, '') === host),
      );
      if (!known && !nodeForHost(context, host)) {
        problems.push(
          problem(
            context,
            'warning',
            `No DNS resolver linked to ${context.name} knows ${host}: the visit will end on DNS_PROBE_FINISHED_NXDOMAIN.`,
            `Add an A record for ${host} to ${resolvers.map(nameOf).join(' or ')}.`,
            `visits[${index}].url`,
          ),
        );
      }
    });
    return problems;
  },
};

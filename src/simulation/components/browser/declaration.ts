import type { CheckContext, KindDeclaration } from '../services.ts';
import { hasNetworkLink, nameOf, neighboursOfKind, nodeForHost, problem } from '../check-helpers.ts';
import type { BrowserConfig } from './config.ts';
import { KIND_DECLARATIONS } from '../declarations.ts';
import type { RuntimeNode } from '../../engine/world.ts';

/** Whether a resolver asks name servers (root hints, or linked dns-server nodes) beyond its own records. */
function isRecursive(context: CheckContext, resolver: RuntimeNode): boolean {
  const hints = resolver.config['rootHints'] as readonly unknown[] | undefined;
  if (hints !== undefined && hints.length > 0) return true;
  return context.world.neighbours(resolver.id, { kind: 'dns-server' }).length > 0;
}

/** The node a host name leads to: by a linked resolver's A record, else by its own name or address. */
function serverFor(context: CheckContext, resolvers: readonly RuntimeNode[], host: string): RuntimeNode | undefined {
  for (const resolver of resolvers) {
    const record = ((resolver.config['records'] as { name: string; address: string }[] | undefined) ?? []).find((entry) => entry.name.replace(/\.$/, '') === host);
    const node = record && context.world.nodes.find((candidate) => candidate.address === record.address);
    if (node) return node;
  }
  return nodeForHost(context, host);
}

/** What stands between a browser and the resolver its nameserver setting names, as resolv.conf would. */
function nameserverProblems(context: CheckContext, nameserver: string) {
  const node = context.world.nodes.find((candidate) => candidate.address === nameserver && candidate.id !== context.nodeId);
  if (!node) {
    return [
      problem(context, 'warning', `nameserver ${nameserver} is the address of no node on the canvas: every lookup fails with DNS_PROBE_FINISHED_NO_INTERNET.`, 'Use the address of a DNS resolver on the canvas, or clear nameserver to use the linked one.', 'nameserver'),
    ];
  }
  if (!hasNetworkLink(context, node.id)) {
    return [problem(context, 'warning', `${context.name} has no link to ${nameOf(node)} (${nameserver}): every lookup fails with DNS_PROBE_FINISHED_NO_INTERNET.`, `Connect ${context.name} to ${nameOf(node)} with a network link.`, 'nameserver')];
  }
  if (node.kind !== 'dns-resolver' && node.kind !== 'dns-server') {
    return [
      problem(context, 'error', `nameserver ${nameserver} is ${nameOf(node)}, which answers no DNS queries: no name could be looked up.`, 'Use the address of a DNS resolver, or clear nameserver to use the linked one.', 'nameserver'),
    ];
  }
  return [];
}

/** A browser asks DNS for names and HTTP servers for pages; it serves nothing. */
export const browserDeclaration: KindDeclaration = {
  role: 'a browser',
  serves: [],
  uses: ['dns', 'http'],
  check(context) {
    const config = context.config as BrowserConfig;
    const problems = [];
    const linkedResolvers = neighboursOfKind(context, 'dns-resolver', 'network');
    if (config.nameserver === undefined && linkedResolvers.length === 0) {
      problems.push(
        problem(context, 'error', `${context.name} has no route to a DNS resolver, so it cannot look up any name.`, 'Connect it to a DNS resolver with a network link.'),
      );
    }
    if (config.nameserver !== undefined) problems.push(...nameserverProblems(context, config.nameserver));
    // The resolver the browser asks: its nameserver when one is set, else the first linked one.
    const resolvers = config.nameserver === undefined ? linkedResolvers : linkedResolvers.filter((resolver) => resolver.address === config.nameserver);
    // A resolver that resolves recursively (root hints, or a linked dns-server) may learn any
    // name from the name servers: only a resolver with local records alone can be judged here.
    const localOnly = resolvers.length > 0 && resolvers.every((resolver) => !isRecursive(context, resolver));
    config.visits.forEach((visit, index) => {
      const [, scheme, host, portText] = /^(https?):\/\/([^/:]+)(?::(\d+))?/.exec(visit.url) ?? [];
      if (!host) return;
      const port = portText ? Number(portText) : 443;
      const server = scheme === 'https' ? serverFor(context, resolvers, host) : undefined;
      if (server && !KIND_DECLARATIONS[server.kind].speaksTls?.(server.config, port)) {
        problems.push(
          problem(
            context,
            'warning',
            `${nameOf(server)} does not speak TLS on port ${port}, so the visit to https://${host} fails: Chromium shows ERR_SSL_PROTOCOL_ERROR, or waits for an answer that never comes.`,
            `Turn on ssl for a server block of ${nameOf(server)} listening on ${port} (or put an nginx with ssl in front), or visit http://${host}.`,
            `visits[${index}].url`,
          ),
        );
      }
      if (!localOnly) return;
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

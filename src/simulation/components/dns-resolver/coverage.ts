import type { RuntimeNode, World } from '../../engine/world.ts';
import { canonicalName } from '../../protocols/dns.ts';

/**
 * Whether a resolver may answer `host` with an address, for the checks before a run: it holds
 * the name in its local records, or it resolves names through DNS servers (root hints), whose
 * zones then decide; an NXDOMAIN from them is what those zones say, not a mistake in the
 * stack. Only a resolver with local records alone is sure to answer NXDOMAIN for other names.
 *
 * @example resolverMayKnow(world, resolverNode, 'www.example.com') // true when it recurses
 */
export function resolverMayKnow(world: World, resolver: RuntimeNode, host: string): boolean {
  const name = canonicalName(host);
  const records = (resolver.config['records'] as { name: string }[] | undefined) ?? [];
  if (records.some((record) => canonicalName(record.name) === name)) return true;
  const hints = (resolver.config['rootHints'] as string[] | undefined) ?? [];
  if (hints.length > 0) return true;
  return world
    .neighbours(resolver.id, { kind: 'dns-server', linkKind: 'network' })
    .some((server) => canonicalName(String(server.config['zone'] ?? '.')) === '');
}

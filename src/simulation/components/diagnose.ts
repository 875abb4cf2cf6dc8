import type { Diagnostic } from '../model/diagnostic.ts';
import type { TopologyDocument } from '../model/topology.ts';
import { World } from '../engine/world.ts';
import { fromZod } from '../io/errors.ts';
import { configSchemaOf, KIND_INFO } from './registry.ts';
import { KIND_DECLARATIONS } from './declarations.ts';
import { checkConnection } from './connections.ts';
import { SERVICE_INFO } from './services.ts';

/**
 * Everything that would make a run meaningless, found before it starts: each node's config
 * against its kind's schema, then each kind's own checks, then links that join kinds with
 * nothing to say to each other. Never throws.
 *
 * @example diagnose(doc).filter((d) => d.severity === 'error').length === 0 // ready to run
 */
export function diagnose(topology: TopologyDocument): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const restored = topology.nodes.map((node) => {
    const parsed = configSchemaOf(node.kind).safeParse(node.config);
    if (!parsed.success) {
      for (const error of fromZod(parsed.error)) {
        diagnostics.push({ severity: 'error', nodeId: node.id, path: error.path, message: `${error.path || 'config'} ${error.message}`, fix: 'Correct this field in the node’s settings.' });
      }
      return undefined;
    }
    return { ...node, config: parsed.data as Record<string, unknown> };
  });
  const valid = restored.filter((node) => node !== undefined);
  // Every node stays in the world, valid or not: a neighbour with a bad setting is still there,
  // and reporting it as missing too would send the person after the wrong problem.
  const world = new World(topology);
  for (const node of valid) {
    const check = KIND_DECLARATIONS[node.kind].check;
    if (!check) continue;
    diagnostics.push(...check({ world, nodeId: node.id, config: node.config, name: node.label || KIND_INFO[node.kind].title }));
  }
  for (const link of topology.links) {
    const without = { ...topology, links: topology.links.filter((other) => other !== link) };
    const check = checkConnection(without, link.from, link.to);
    if (!check.ok) diagnostics.push({ severity: 'error', linkId: link.id, message: check.reason, fix: 'Delete this link.' });
    else if (check.linkKind !== link.kind) {
      diagnostics.push({
        severity: 'error',
        linkId: link.id,
        message: `This ${link.kind} link carries ${SERVICE_INFO[check.service].name}, which needs ${withArticle(check.linkKind)} link.`,
        fix: 'Delete this link and link the two nodes again: a new link gets the kind its service needs.',
      });
    }
  }
  return diagnostics;
}

function withArticle(linkKind: string): string {
  return /^[aeiou]/.test(linkKind) ? `an ${linkKind}` : `a ${linkKind}`;
}

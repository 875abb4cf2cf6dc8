import type { Diagnostic } from '../model/diagnostic.ts';
import type { NodeKind } from '../model/topology.ts';
import type { RuntimeNode } from '../engine/world.ts';
import type { CheckContext } from './services.ts';

/** The node a host name (node id, label or IP address) points at, as the engine resolves it. */
export function nodeForHost(context: CheckContext, host: string): RuntimeNode | undefined {
  const address = context.world.hostAddress(host);
  return address === undefined ? undefined : context.world.nodes.find((node) => node.address === address && node.id !== context.nodeId) ?? context.world.node(host);
}

/** Is there a network link between this node and that one? */
export function hasNetworkLink(context: CheckContext, otherId: string): boolean {
  return context.world.neighbours(context.nodeId, { linkKind: 'network' }).some((node) => node.id === otherId);
}

export function neighboursOfKind(context: CheckContext, kind: NodeKind, linkKind: 'network' | 'in-process'): RuntimeNode[] {
  return context.world.neighbours(context.nodeId, { kind, linkKind });
}

/** Builds a diagnostic on the node being checked. */
export function problem(context: CheckContext, severity: Diagnostic['severity'], message: string, fix: string, path?: string): Diagnostic {
  return { severity, nodeId: context.nodeId, ...(path === undefined ? {} : { path }), message, fix };
}

/** "host:port" or "host" split; the port defaults when absent. */
export function splitHostPort(text: string, defaultPort: number): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text, port: defaultPort };
  return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}

/** The name people see for a runtime node: its label, or its id. */
export function nameOf(node: RuntimeNode): string {
  return node.label || node.id;
}

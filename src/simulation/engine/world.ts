import type { NodeKind, TopologyDocument, TopologyLink, TopologyNode } from '../model/topology.ts';

/** A node as the engine runs it: its document record plus its network address, if any. */
export interface RuntimeNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly address: string | undefined;
}

/** The document compiled for fast look-ups during a run. */
export class World {
  readonly nodes: readonly RuntimeNode[];
  private readonly byId = new Map<string, RuntimeNode>();
  private readonly linksByNode = new Map<string, TopologyLink[]>();
  private readonly hosts = new Map<string, string | undefined>();

  constructor(topology: TopologyDocument) {
    for (const node of topology.nodes) this.linksByNode.set(node.id, []);
    for (const link of topology.links) {
      this.linksByNode.get(link.from)?.push(link);
      this.linksByNode.get(link.to)?.push(link);
    }
    const configured = new Map(topology.nodes.map((node) => [node.id, configuredAddress(node)]));
    this.nodes = topology.nodes.map((node) => ({
      id: node.id,
      kind: node.kind,
      label: node.label,
      config: node.config,
      // A framework runs inside its application server's processes, so it shares that machine's address.
      address: configured.get(node.id) ?? this.inProcessHostAddress(node.id, configured),
    }));
    for (const node of this.nodes) this.byId.set(node.id, node);
  }

  private inProcessHostAddress(id: string, configured: ReadonlyMap<string, string | undefined>): string | undefined {
    for (const link of this.linksByNode.get(id) ?? []) {
      if (link.kind !== 'in-process') continue;
      const address = configured.get(link.from === id ? link.to : link.from);
      if (address) return address;
    }
    return undefined;
  }

  node(id: string): RuntimeNode | undefined {
    return this.byId.get(id);
  }

  /** The node at the other end of a network link from `from` whose address is `address`. */
  route(from: string, address: string): { node: RuntimeNode; link: TopologyLink } | undefined {
    for (const link of this.linksByNode.get(from) ?? []) {
      if (link.kind !== 'network') continue;
      const other = this.byId.get(link.from === from ? link.to : link.from);
      if (other?.address === address) return { node: other, link };
    }
    return undefined;
  }

  /** The in-process link (WSGI) between two nodes, if there is one. */
  inProcessLink(a: string, b: string): TopologyLink | undefined {
    return (this.linksByNode.get(a) ?? []).find(
      (link) => link.kind === 'in-process' && ((link.from === a && link.to === b) || (link.from === b && link.to === a)),
    );
  }

  /** Nodes linked to `id`, optionally only those of one kind or over one link kind. */
  neighbours(id: string, filter: { kind?: NodeKind; linkKind?: TopologyLink['kind'] } = {}): RuntimeNode[] {
    const result: RuntimeNode[] = [];
    for (const link of this.linksByNode.get(id) ?? []) {
      if (filter.linkKind && link.kind !== filter.linkKind) continue;
      const other = this.byId.get(link.from === id ? link.to : link.from);
      if (other && (!filter.kind || other.kind === filter.kind)) result.push(other);
    }
    return result;
  }

  /**
   * Resolves a host name the way /etc/hosts would inside the simulated network: a node id or
   * label names that node's address; a dotted quad is itself.
   */
  hostAddress(host: string): string | undefined {
    // The world does not change during a run, so each name is looked up once.
    if (this.hosts.has(host)) return this.hosts.get(host);
    const address = this.lookUpHost(host);
    this.hosts.set(host, address);
    return address;
  }

  private lookUpHost(host: string): string | undefined {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
    const byId = this.byId.get(host);
    if (byId?.address) return byId.address;
    return this.nodes.find((node) => node.label === host && node.address)?.address;
  }
}

function configuredAddress(node: TopologyNode): string | undefined {
  const address = node.config['address'];
  return typeof address === 'string' ? address : undefined;
}

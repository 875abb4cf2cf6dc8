import { adaptToLink, checkConnection, configSchemaOf, KIND_INFO, type NodeKind, type TopologyDocument, type TopologyLink, type TopologyNode } from '../../src/simulation/index.ts';

/**
 * Pure edits of a topology document: each returns a new document and never changes the one
 * it is given, so the history can keep every version (ARCHITECTURE.md, style rule 5).
 */

export const GRID = 20;

export function snap(value: number): number {
  return Math.round(value / GRID) * GRID;
}

/**
 * The first free id built from a base: nginx, nginx-2, nginx-3… A copy of "nginx-2" is
 * "nginx-3", not "nginx-2-2": the number already on the base is where counting resumes.
 */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'node';
  if (!taken.has(clean)) return clean;
  return nextFree(clean, '-', taken);
}

/** The first free label: "nginx", "nginx 2"…; a copy of "Flask 2" is "Flask 3". */
export function uniqueLabel(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  return nextFree(base, ' ', taken);
}

// The separator goes into a RegExp as is, so only these two (neither is special there).
function nextFree(name: string, separator: ' ' | '-', taken: ReadonlySet<string>): string {
  const numbered = new RegExp(`^(.+)${separator}(\\d+)$`).exec(name);
  const stem = numbered ? numbered[1]! : name;
  for (let n = numbered ? Number(numbered[2]) + 1 : 2; ; n++) if (!taken.has(`${stem}${separator}${n}`)) return `${stem}${separator}${n}`;
}

/** Addresses in use, so a new machine gets one of its own (10.0.0.x). */
function freeAddress(document: TopologyDocument, preferred: string): string {
  const used = new Set(document.nodes.map((node) => node.config['address']).filter((value): value is string => typeof value === 'string'));
  if (!used.has(preferred)) return preferred;
  for (let host = 2; host < 255; host++) if (!used.has(`10.0.0.${host}`)) return `10.0.0.${host}`;
  return preferred;
}

/** A kind's default config, from its schema, with an address no other node has. */
export function defaultConfig(document: TopologyDocument, kind: NodeKind): Record<string, unknown> {
  const parsed = configSchemaOf(kind).safeParse({});
  const config = parsed.success ? { ...(parsed.data as Record<string, unknown>) } : {};
  if (typeof config['address'] === 'string') config['address'] = freeAddress(document, config['address']);
  return config;
}

export function addNode(document: TopologyDocument, kind: NodeKind, position: { x: number; y: number }): { document: TopologyDocument; id: string } {
  const id = uniqueId(kind, new Set(document.nodes.map((node) => node.id)));
  const label = uniqueLabel(KIND_INFO[kind].title, new Set(document.nodes.map((node) => node.label)));
  const node: TopologyNode = { id, kind, label, position: { x: snap(position.x), y: snap(position.y) }, config: defaultConfig(document, kind) };
  return { document: { ...document, nodes: [...document.nodes, node] }, id };
}

export function moveNodes(document: TopologyDocument, positions: ReadonlyMap<string, { x: number; y: number }>): TopologyDocument {
  return {
    ...document,
    nodes: document.nodes.map((node) => {
      const position = positions.get(node.id);
      return position ? { ...node, position: { x: snap(position.x), y: snap(position.y) } } : node;
    }),
  };
}

/** Deletes nodes and links; links of a deleted node go with it. */
export function deleteItems(document: TopologyDocument, nodeIds: ReadonlySet<string>, linkIds: ReadonlySet<string>): TopologyDocument {
  return {
    ...document,
    nodes: document.nodes.filter((node) => !nodeIds.has(node.id)),
    links: document.links.filter((link) => !linkIds.has(link.id) && !nodeIds.has(link.from) && !nodeIds.has(link.to)),
  };
}

/** What copy puts on the clipboard: the chosen nodes and the links between them. */
export interface Fragment {
  readonly nodes: readonly TopologyNode[];
  readonly links: readonly TopologyLink[];
}

export function copyFragment(document: TopologyDocument, nodeIds: ReadonlySet<string>): Fragment {
  return {
    nodes: document.nodes.filter((node) => nodeIds.has(node.id)),
    links: document.links.filter((link) => nodeIds.has(link.from) && nodeIds.has(link.to)),
  };
}

/**
 * Pastes a fragment with fresh ids, labels and addresses, shifted so it does not hide what it
 * was copied from. Returns the new node ids, to select them.
 */
export function pasteFragment(document: TopologyDocument, fragment: Fragment, offset = GRID * 2): { document: TopologyDocument; ids: string[] } {
  let next = document;
  const renamed = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = uniqueId(node.id, new Set(next.nodes.map((candidate) => candidate.id)));
    const label = uniqueLabel(node.label, new Set(next.nodes.map((candidate) => candidate.label)));
    const config = { ...node.config };
    if (typeof config['address'] === 'string') config['address'] = freeAddress(next, config['address']);
    renamed.set(node.id, id);
    next = { ...next, nodes: [...next.nodes, { ...node, id, label, config, position: { x: node.position.x + offset, y: node.position.y + offset } }] };
  }
  const links = fragment.links.map((link) => {
    const from = renamed.get(link.from)!;
    const to = renamed.get(link.to)!;
    return { ...link, id: uniqueId(`${from}-${to}`, new Set(next.links.map((candidate) => candidate.id))), from, to };
  });
  return { document: { ...next, links: [...next.links, ...links] }, ids: [...renamed.values()] };
}

export type ConnectResult = { ok: true; document: TopologyDocument; linkId: string } | { ok: false; reason: string };

/**
 * Links two nodes when their kinds have something to say to each other, pointing the user's
 * settings at the new server where they pointed nowhere; otherwise says why not.
 */
export function connect(document: TopologyDocument, a: string, b: string): ConnectResult {
  const check = checkConnection(document, a, b);
  if (!check.ok) return check;
  const id = uniqueId(`${check.from}-${check.to}`, new Set(document.links.map((link) => link.id)));
  const link: TopologyLink = { id, from: check.from, to: check.to, kind: check.linkKind, latencyMs: check.linkKind === 'in-process' ? 0 : 1 };
  return { ok: true, document: adaptToLink({ ...document, links: [...document.links, link] }, check.from, check.to), linkId: id };
}

export function setNodeConfig(document: TopologyDocument, nodeId: string, config: Readonly<Record<string, unknown>>): TopologyDocument {
  return { ...document, nodes: document.nodes.map((node) => (node.id === nodeId ? { ...node, config } : node)) };
}

export function renameNode(document: TopologyDocument, nodeId: string, label: string): TopologyDocument {
  return { ...document, nodes: document.nodes.map((node) => (node.id === nodeId ? { ...node, label } : node)) };
}

/** Changes a link's conditions; an undefined value removes the setting (no limit, no loss). */
export function setLink(document: TopologyDocument, linkId: string, change: Partial<Pick<TopologyLink, 'latencyMs' | 'bandwidthMbps' | 'lossPercent'>>): TopologyDocument {
  return {
    ...document,
    links: document.links.map((link) => {
      if (link.id !== linkId) return link;
      const next: Record<string, unknown> = { ...link, ...change };
      for (const key of Object.keys(change)) if (next[key] === undefined) delete next[key];
      return next as unknown as TopologyLink;
    }),
  };
}

/** The document without positions: what the run depends on. Moving a node does not restart it. */
export function runKey(document: TopologyDocument): string {
  return JSON.stringify({ ...document, name: '', nodes: document.nodes.map(({ position: _position, ...rest }) => rest) });
}

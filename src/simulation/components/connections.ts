import type { LinkKind, NodeKind, TopologyDocument } from '../model/topology.ts';
import { KIND_INFO } from './registry.ts';
import { KIND_DECLARATIONS } from './declarations.ts';
import { SERVICE_INFO, type Service } from './services.ts';

export type ConnectionCheck =
  | { readonly ok: true; readonly linkKind: LinkKind; readonly service: Service; readonly from: string; readonly to: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Whether a link between two nodes makes sense, from the kinds' declarations: one end must use
 * a service the other serves. The link is oriented from the user to the server, and its kind
 * follows the service (WSGI is in-process, everything else goes over the network).
 *
 * @example checkConnection(doc, 'browser', 'db')
 *   // { ok: false, reason: 'Browser cannot talk to PostgreSQL directly: ...' }
 */
export function checkConnection(topology: TopologyDocument, a: string, b: string): ConnectionCheck {
  const first = topology.nodes.find((node) => node.id === a);
  const second = topology.nodes.find((node) => node.id === b);
  if (!first || !second) return { ok: false, reason: 'Both ends of a link must be nodes on the canvas.' };
  if (a === b) return { ok: false, reason: 'A node cannot be linked to itself.' };
  if (topology.links.some((link) => (link.from === a && link.to === b) || (link.from === b && link.to === a))) {
    return { ok: false, reason: `${first.label} and ${second.label} are already linked.` };
  }
  const forward = sharedService(first.kind, second.kind);
  if (forward) return { ok: true, linkKind: SERVICE_INFO[forward].link, service: forward, from: a, to: b };
  const backward = sharedService(second.kind, first.kind);
  if (backward) return { ok: true, linkKind: SERVICE_INFO[backward].link, service: backward, from: b, to: a };
  return { ok: false, reason: refusal(first.kind, second.kind) };
}

/**
 * The link two kinds need, from their declarations: the kind of link of the service one
 * serves the other (WSGI in-process, the rest network), or undefined when they share none.
 */
export function linkKindBetween(a: NodeKind, b: NodeKind): { readonly linkKind: LinkKind; readonly service: Service } | undefined {
  const service = sharedService(a, b) ?? sharedService(b, a);
  return service ? { linkKind: SERVICE_INFO[service].link, service } : undefined;
}

/** The pairs of kinds that need an in-process link, as "Gunicorn–Flask", for messages. */
export function inProcessPairs(): string[] {
  const kinds = Object.keys(KIND_DECLARATIONS) as NodeKind[];
  return kinds.flatMap((user) =>
    kinds.flatMap((server) => {
      const service = sharedService(user, server);
      return service && SERVICE_INFO[service].link === 'in-process' ? [`${KIND_INFO[user].title}–${KIND_INFO[server].title}`] : [];
    }),
  );
}

/** A service `user` uses and `server` serves, if any. */
function sharedService(user: NodeKind, server: NodeKind): Service | undefined {
  const serves = KIND_DECLARATIONS[server].serves;
  return KIND_DECLARATIONS[user].uses.find((service) => serves.includes(service));
}

/** The titles of the kinds that serve or use a service. */
function kindsThat(role: 'serves' | 'uses', service: Service): string[] {
  return (Object.keys(KIND_DECLARATIONS) as NodeKind[]).filter((kind) => KIND_DECLARATIONS[kind][role].includes(service)).map((kind) => KIND_INFO[kind].title);
}

/**
 * Says why two kinds have nothing to say to each other, and what the first one should be
 * connected to instead: "Browser cannot talk to PostgreSQL directly: PostgreSQL answers SQL,
 * which only Flask speaks. A browser reaches a database only through an application. Connect
 * Browser to a DNS resolver, a Socket server, a Flask dev server, nginx, Gunicorn or a
 * WebSocket server instead." The list of servers is built from the kinds' declarations.
 */
function refusal(a: NodeKind, b: NodeKind): string {
  const first = KIND_INFO[a].title;
  const second = KIND_INFO[b].title;
  const served = KIND_DECLARATIONS[b].serves[0];
  const speakers = served ? kindsThat('uses', served) : [];
  const explanation = served
    ? `${second} answers ${SERVICE_INFO[served].name}, which only ${readableList(speakers)} ${speakers.length > 1 ? 'speak' : 'speaks'}.`
    : `${second} answers nobody; it only asks.`;
  const servers = [...new Set(KIND_DECLARATIONS[a].uses.flatMap((service) => kindsThat('serves', service)))];
  const instead = servers.length > 0 ? ` Connect ${first} to ${readableList(servers.map(withArticle))} instead.` : '';
  const hint = served ? throughHint(a, b, served) : '';
  return `${first} cannot talk to ${second} directly: ${explanation}${hint}${instead}`;
}

/**
 * "A browser reaches a database only through an application.": said when `a` can reach a
 * kind that speaks `served` through other kinds (what it uses, what those use, …).
 */
function throughHint(a: NodeKind, b: NodeKind, served: Service): string {
  const speakers = (Object.keys(KIND_DECLARATIONS) as NodeKind[]).filter((kind) => kind !== a && KIND_DECLARATIONS[kind].uses.includes(served));
  const reachable = reachableFrom(a);
  const through = speakers.filter((kind) => reachable.has(kind));
  if (through.length === 0) return '';
  const roles = [...new Set(through.map((kind) => KIND_DECLARATIONS[kind].role))];
  const subject = KIND_DECLARATIONS[a].role;
  return ` ${subject[0]!.toUpperCase()}${subject.slice(1)} reaches ${KIND_DECLARATIONS[b].role} only through ${readableList(roles)}.`;
}

/** Every kind `start` can talk to, directly or through others, following uses → serves. */
function reachableFrom(start: NodeKind): Set<NodeKind> {
  const kinds = Object.keys(KIND_DECLARATIONS) as NodeKind[];
  const seen = new Set<NodeKind>();
  const queue = [start];
  while (queue.length > 0) {
    const user = queue.shift()!;
    for (const server of kinds) {
      if (seen.has(server) || server === start || !sharedService(user, server)) continue;
      seen.add(server);
      queue.push(server);
    }
  }
  return seen;
}

/** "a DNS resolver", but proper names (nginx, Gunicorn, Flask, PostgreSQL) stand alone. */
function withArticle(title: string): string {
  return /^[a-z]/.test(title) || /^(Gunicorn|Flask|PostgreSQL)$/.test(title) ? title : `a ${title}`;
}

/** "A, B or C". */
function readableList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * After a link from a user to a server, lets the user's kind point its settings at the new
 * server when they pointed nowhere (nginx's upstream, Flask's database URL), so a stack built by
 * drag and drop works without retyping names. Returns the topology unchanged otherwise.
 */
export function adaptToLink(topology: TopologyDocument, userId: string, serverId: string): TopologyDocument {
  const user = topology.nodes.find((node) => node.id === userId);
  const server = topology.nodes.find((node) => node.id === serverId);
  const adapt = user && KIND_DECLARATIONS[user.kind].onLinkedTo;
  if (!user || !server || !adapt) return topology;
  const names = (host: string) => topology.nodes.some((node) => node.id === host || node.label === host || node.config['address'] === host);
  let config: Record<string, unknown> | undefined;
  try {
    config = adapt(user.config, server, names);
  } catch {
    // A half-edited config the kind cannot read is left for the person to finish.
    return topology;
  }
  if (!config) return topology;
  return { ...topology, nodes: topology.nodes.map((node) => (node.id === userId ? { ...node, config } : node)) };
}

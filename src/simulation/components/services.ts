import type { LinkKind, NodeKind } from '../model/topology.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { World } from '../engine/world.ts';

/** What one node can ask of another. A link makes sense when one end uses what the other serves. */
export type Service = 'dns' | 'authoritative-dns' | 'http' | 'wsgi' | 'sql' | 'redis' | 'ftp';

export const SERVICE_INFO: Readonly<Record<Service, { readonly name: string; readonly link: LinkKind }>> = {
  // Recursive DNS: a stub (the browser's OS) asks a resolver to find the answer for it.
  dns: { name: 'DNS', link: 'network' },
  // Iterative DNS: a resolver asks the authoritative servers (root, TLD, domain) one by one;
  // a browser never talks to them itself.
  'authoritative-dns': { name: 'authoritative DNS', link: 'network' },
  http: { name: 'HTTP', link: 'network' },
  // WSGI is a Python function call inside the application server's processes, not a network hop.
  wsgi: { name: 'WSGI', link: 'in-process' },
  sql: { name: 'SQL', link: 'network' },
  redis: { name: 'Redis commands', link: 'network' },
  ftp: { name: 'FTP', link: 'network' },
};

/** What a node of one kind needs from the nodes around it, for the checks before a run. */
export interface CheckContext {
  readonly world: World;
  readonly nodeId: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** The node's name as people see it. */
  readonly name: string;
}

/**
 * A kind's declaration for building stacks: what it serves and uses (which decides the links
 * it accepts) and its own checks before a run.
 */
export interface KindDeclaration {
  /** What a node of this kind is, as a sentence names it: "a database", "an application". */
  readonly role: string;
  readonly serves: readonly Service[];
  readonly uses: readonly Service[];
  readonly check?: (context: CheckContext) => Diagnostic[];
  /**
   * When a person links this node to a server it uses, the config it should take so the link
   * works at once (nginx's upstream names the new Gunicorn), or undefined to keep it as it is.
   * Only settings that point nowhere are filled in; a person's own choices are kept.
   */
  readonly onLinkedTo?: (config: Readonly<Record<string, unknown>>, server: LinkedServer, names: (host: string) => boolean) => Record<string, unknown> | undefined;
  /** Whether a node of this kind answers TLS on a port (nginx with ssl); a kind without it never does. */
  readonly speaksTls?: (config: Readonly<Record<string, unknown>>, port: number) => boolean;
}

/** The server end of a new link, as onLinkedTo sees it. */
export interface LinkedServer {
  readonly id: string;
  readonly kind: NodeKind;
  readonly config: Readonly<Record<string, unknown>>;
}

export type KindDeclarations = Readonly<Record<NodeKind, KindDeclaration>>;

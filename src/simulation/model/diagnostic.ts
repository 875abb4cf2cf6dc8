/**
 * A problem found in a topology before it runs: on a node or a link, with a sentence that
 * says what is wrong and one that says how to fix it.
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** The node at fault, if the problem is on a node. */
  readonly nodeId?: string;
  /** The link at fault, if the problem is on a link. */
  readonly linkId?: string;
  /** The config field at fault, relative to the node's config: `upstreams[0].servers[1].server`. */
  readonly path?: string;
  readonly message: string;
  readonly fix: string;
}

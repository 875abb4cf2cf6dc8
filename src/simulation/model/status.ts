/** What a node shows of its internal state at one moment of a run, for the canvas. */
export interface WorkerStatus {
  readonly id: string;
  readonly state: 'booting' | 'idle' | 'busy' | 'killed';
  readonly detail?: string;
}

export interface NodeStatus {
  /** One short line: "2 of 3 workers busy", "page loaded (200 OK)". */
  readonly headline: string;
  /** Named values: open connections, DNS cache entries, backlog length. */
  readonly details: readonly { readonly label: string; readonly value: string }[];
  readonly workers?: readonly WorkerStatus[];
  /** Log files the node writes (nginx's access.log and error.log), newest line last. */
  readonly logs?: readonly { readonly name: string; readonly lines: readonly string[] }[];
  /** True while the node is doing something a person should notice. */
  readonly active: boolean;
}

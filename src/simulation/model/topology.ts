/**
 * The topology document, version 1 (docs/document-format.md). Each node kind's `config` is
 * validated by that kind's own schema (components/<kind>/config.ts).
 */
export const DOCUMENT_FORMAT = 'stackscope.topology';
export const DOCUMENT_VERSION = 2;

export const NODE_KIND_NAMES = ['browser', 'dns-resolver', 'dns-server', 'socket-server', 'flask-dev-server', 'nginx', 'gunicorn', 'flask', 'postgres', 'redis', 'websocket-server', 'ftp-server', 'ftp-client'] as const;
export type NodeKind = (typeof NODE_KIND_NAMES)[number];
export type LinkKind = 'network' | 'in-process';

export interface TopologyNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly position: { readonly x: number; readonly y: number };
  /** Kind-specific, validated and completed with defaults by the kind's schema. */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface TopologyLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: LinkKind;
  /** One-way delay in virtual milliseconds; 0 for in-process links. */
  readonly latencyMs: number;
  /** Network links only: megabits per second. A packet takes its size / bandwidth to send; absent = no limit. */
  readonly bandwidthMbps?: number;
  /** Network links only: the chance, in percent, that a packet sent on the link is lost. */
  readonly lossPercent?: number;
}

export interface TopologyDocument {
  readonly format: typeof DOCUMENT_FORMAT;
  readonly version: typeof DOCUMENT_VERSION;
  readonly name: string;
  readonly seed: number;
  readonly nodes: readonly TopologyNode[];
  readonly links: readonly TopologyLink[];
}

/**
 * Small topologies for the socket-server and flask-dev-server tests: browsers that resolve
 * example.com through one resolver and visit a single server, all on 10 ms links.
 */
import { createPlayback, runToEnd, simulate, traceEventToJson, type TopologyDocument, type TraceEvent } from '../../index.ts';
import { mustImport } from '../../test-support/documents.node.ts';

export interface Visit {
  readonly url: string;
  readonly atMs?: number;
  readonly method?: string;
  readonly form?: Record<string, string>;
}

/** One browser per list of visits, a resolver that names `server` example.com, and the server. */
export function serverTopology(server: { kind: string; address: string; config: Record<string, unknown> }, browsers: readonly (readonly Visit[])[]): TopologyDocument {
  const browserNodes = browsers.map((visits, index) => ({
    id: `browser${index + 1}`,
    kind: 'browser',
    label: `Browser ${index + 1}`,
    position: { x: 0, y: index * 160 },
    config: { address: `10.0.0.${10 + index}`, visits: visits.map((visit) => ({ atMs: 0, ...visit })) },
  }));
  return mustImport({
    format: 'stackscope.topology',
    version: 2,
    name: 'test',
    seed: 1,
    nodes: [
      ...browserNodes,
      { id: 'dns', kind: 'dns-resolver', label: 'DNS resolver', position: { x: 0, y: 600 }, config: { address: '10.0.0.53', records: [{ name: 'example.com', type: 'A', address: server.address, ttl: 300 }] } },
      { id: 'server', kind: server.kind, label: 'Server', position: { x: 400, y: 0 }, config: { address: server.address, ...server.config } },
    ],
    links: browserNodes.flatMap((browser) => [
      { id: `${browser.id}-dns`, from: browser.id, to: 'dns', kind: 'network', latencyMs: 5 },
      { id: `${browser.id}-server`, from: browser.id, to: 'server', kind: 'network', latencyMs: 10 },
    ]),
  });
}

export function traceOf(document: TopologyDocument, seed?: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(document, { onEvent: (event) => events.push(event), ...(seed === undefined ? {} : { seed }) });
  return events;
}

export function traceLines(document: TopologyDocument, seed?: number): string[] {
  return traceOf(document, seed).map(traceEventToJson);
}

/** The raw text of the HTTP layer of a send event. */
export function rawHttp(event: TraceEvent): string {
  const layer = event.message?.layers.find((candidate) => candidate.layer === 'http') as { raw?: string } | undefined;
  return layer?.raw ?? '';
}

/** HTTP messages sent, as "from>to summary". */
export function httpSends(events: readonly TraceEvent[]): string[] {
  return events.filter((event) => event.type === 'send' && event.protocol === 'http').map((event) => `${event.from}>${event.to} ${event.summary}`);
}

export function finished(document: TopologyDocument) {
  return runToEnd(createPlayback(document));
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocument, type TopologyDocument } from '../index.ts';

/** The raw JSON of an example in public/topologies/, for tests that change it before importing. */
export type RawDocument = Record<string, unknown> & { nodes: Record<string, unknown>[]; links: Record<string, unknown>[] };

export function exampleJson(name: string): RawDocument {
  return JSON.parse(readFileSync(join(process.cwd(), 'public/topologies', `${name}.json`), 'utf8'));
}

/** Imports a document and fails the test with its errors if it is invalid. */
export function mustImport(value: unknown): TopologyDocument {
  const result = importDocument(value);
  if (!result.ok) throw new Error(`invalid document: ${JSON.stringify(result.errors)}`);
  return result.document;
}

export function example(name: string): TopologyDocument {
  return mustImport(exampleJson(name));
}

/** Sets one node's config fields in a raw topology file. */
export function withConfig<T extends { nodes: Record<string, unknown>[] }>(doc: T, nodeId: string, config: Record<string, unknown>): T {
  for (const node of doc.nodes) {
    if (node['id'] === nodeId) node['config'] = { ...(node['config'] as Record<string, unknown>), ...config };
  }
  return doc;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocument, type TopologyDocument } from '../src/simulation/index.ts';

/**
 * The default stack with the browser opening the page `requests` times, one every
 * `intervalMs`, so requests overlap and Gunicorn's workers and backlog are exercised.
 */
export function loadDocument(requests: number, intervalMs: number): TopologyDocument {
  const base = JSON.parse(readFileSync(join(process.cwd(), 'public/topologies/default.json'), 'utf8'));
  for (const node of base.nodes) {
    if (node.kind === 'browser') {
      node.config.visits = Array.from({ length: requests }, (_, index) => ({ url: 'http://example.com/', atMs: index * intervalMs }));
    }
  }
  const result = importDocument(base);
  if (!result.ok) throw new Error(`bench document is invalid: ${JSON.stringify(result.errors)}`);
  return result.document;
}

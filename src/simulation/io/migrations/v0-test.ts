import { MIGRATIONS, type Migration, type MigrationTable } from '../migrate.ts';

/**
 * Version 0: a pre-release draft of the topology document that exists only for tests, so the
 * migration path (envelope -> migrate -> validate) is exercised before the first real version
 * bump needs it. It reads like an early draft would: links name their ends `source` and
 * `target` (React Flow's words) and carry their delay as `latency`, in milliseconds.
 *
 *   v0: { "id": "l1", "source": "browser", "target": "nginx", "latency": 10 }
 *   v1: { "id": "l1", "from": "browser", "to": "nginx", "latencyMs": 10 }
 *
 * The shipped importer does not read version 0 (MIGRATIONS has no step 0): a version that was
 * never published must not become a format Stackscope has to read forever. Tests opt in with
 * TEST_MIGRATIONS.
 */
export const fromV0: Migration = (document) => {
  const links = document['links'];
  if (!Array.isArray(links)) return { ...document };
  return { ...document, links: links.map(linkFromV0) };
};

/** Renames one link's fields. Anything that is not an object is left for validation to name. */
function linkFromV0(link: unknown): unknown {
  if (typeof link !== 'object' || link === null || Array.isArray(link)) return link;
  const { source, target, latency, ...rest } = link as Record<string, unknown>;
  const renamed: Record<string, unknown> = { ...rest };
  // If a draft link also has the current name (`from` beside `source`), the current one is
  // kept: a migration never overwrites what a person wrote.
  if (source !== undefined && !Object.hasOwn(rest, 'from')) renamed['from'] = source;
  if (target !== undefined && !Object.hasOwn(rest, 'to')) renamed['to'] = target;
  if (latency !== undefined && !Object.hasOwn(rest, 'latencyMs')) renamed['latencyMs'] = latency;
  return renamed;
}

/** The shipped migrations plus the test-only step from version 0. */
export const TEST_MIGRATIONS: MigrationTable = { ...MIGRATIONS, 0: fromV0 };

import type { Migration } from '../migrate.ts';

/**
 * Version 1 to 2: nginx gets server blocks. In version 1 an nginx node had one implicit
 * `server { … }`, its settings at the top of its config; version 2 lists them under `servers`,
 * so one nginx can answer port 80 with a redirect and port 443 with TLS, as nginx.conf does.
 *
 *   v1: { "address": "10.0.0.2", "listen": 443, "ssl": true, "locations": [ … ], "upstreams": [ … ] }
 *   v2: { "address": "10.0.0.2", "servers": [ { "listen": 443, "ssl": true, "locations": [ … ] } ], "upstreams": [ … ] }
 *
 * Only the moved keys move; anything else is left for validation to judge, and a config that
 * already has `servers` is left alone (a migration never overwrites what a person wrote).
 */
export const fromV1: Migration = (document) => {
  const nodes = document['nodes'];
  if (!Array.isArray(nodes)) return { ...document };
  return { ...document, nodes: nodes.map(nodeFromV1) };
};

/** The keys of version 1's nginx config that belong to a server block. */
const SERVER_BLOCK_KEYS = ['listen', 'ssl', 'server_name', 'ssl_certificate', 'ssl_protocols', 'locations'];

function nodeFromV1(node: unknown): unknown {
  if (!isRecord(node) || node['kind'] !== 'nginx' || !isRecord(node['config'])) return node;
  const config = node['config'];
  if (Object.hasOwn(config, 'servers')) return node;
  const server: Record<string, unknown> = {};
  const migrated: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!SERVER_BLOCK_KEYS.includes(key)) migrated[key] = value;
    else {
      // The block takes the place of its first key, so the config reads in the same order.
      if (Object.keys(server).length === 0) migrated['servers'] = [server];
      server[key] = value;
    }
  }
  migrated['servers'] ??= [server];
  return { ...node, config: migrated };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

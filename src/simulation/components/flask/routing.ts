import type { FlaskConfig, FlaskRoute } from './config.ts';

/** Werkzeug's answer for a method and path: the route, or 404, or 405 with its Allow header. */
export type RouteMatch =
  | { readonly route: FlaskRoute; readonly status: 200; readonly allow: null }
  | { readonly route: null; readonly status: 404; readonly allow: null }
  | { readonly route: null; readonly status: 405; readonly allow: string };

const NOT_FOUND: RouteMatch = { route: null, status: 404, allow: null };

/**
 * A rule matches the path exactly; HEAD is allowed wherever GET is. A 405's Allow lists the
 * methods of every rule for the path, each rule's in its own order with HEAD after GET, then
 * OPTIONS (Flask adds it to every rule). Werkzeug collects them in a Python set, so its order
 * changes with PYTHONHASHSEED; Stackscope keeps this fixed one.
 */
export function matchRoute(config: FlaskConfig, method: string, path: string): RouteMatch {
  let methods: string[] | null = null;
  for (const route of config.routes) {
    if (route.rule !== path) continue;
    if (route.methods.includes(method as FlaskRoute['methods'][number]) || (method === 'HEAD' && route.methods.includes('GET'))) return { route, status: 200, allow: null };
    methods ??= [];
    for (const allowed of route.methods) {
      if (!methods.includes(allowed)) methods.push(allowed);
      if (allowed === 'GET' && !methods.includes('HEAD') && !route.methods.includes('HEAD')) methods.push('HEAD');
    }
  }
  if (!methods) return NOT_FOUND;
  methods.push('OPTIONS');
  return { route: null, status: 405, allow: methods.join(', ') };
}

/** The host and port of a database URL, read once per URL. */
export function databaseOf(url: string): { host: string; port: number } | undefined {
  if (!databases.has(url)) {
    const match = /^postgresql:\/\/(?:[^@/\s]+@)?([A-Za-z0-9.-]+)(?::(\d+))?\//.exec(url);
    databases.set(url, match ? { host: match[1]!, port: match[2] ? Number(match[2]) : 5432 } : undefined);
  }
  return databases.get(url);
}

const databases = new Map<string, { host: string; port: number } | undefined>();

/** The host and port of a SESSION_REDIS URL (redis://host:6379/0), read once per URL. */
export function redisOf(url: string): { host: string; port: number } | undefined {
  if (!redisServers.has(url)) {
    const match = /^redis:\/\/([A-Za-z0-9.-]+)(?::(\d+))?/.exec(url);
    redisServers.set(url, match ? { host: match[1]!, port: match[2] ? Number(match[2]) : 6379 } : undefined);
  }
  return redisServers.get(url);
}

const redisServers = new Map<string, { host: string; port: number } | undefined>();

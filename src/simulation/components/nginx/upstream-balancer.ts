/**
 * How nginx picks the server of an `upstream` block for a request, as its source does it
 * (ngx_http_upstream_round_robin.c, ngx_http_upstream_least_conn_module.c,
 * ngx_http_upstream_ip_hash_module.c): smooth weighted round-robin by default, least_conn,
 * or ip_hash, skipping servers marked `down`, and falling back to the `backup` servers when
 * no primary one is left. Pure functions of the block, the balancer's memory and the request.
 */

export interface BalancedServer {
  readonly server: string;
  readonly weight: number;
  readonly down: boolean;
  readonly backup: boolean;
}

export type BalancingMethod = 'round_robin' | 'least_conn' | 'ip_hash';

/** Each server's current_weight, by its place in the block: the round-robin's memory between requests. */
export type CurrentWeights = readonly number[];

export interface Choice {
  /** The server's index in the block, or -1 when none is live ("no live upstreams"). */
  readonly index: number;
  readonly weights: CurrentWeights;
}

/**
 * Smooth weighted round-robin (ngx_http_upstream_get_peer): every live server's
 * current_weight grows by its weight, the largest wins (the first on a tie), and the winner
 * gives back the total. Weights 3 and 1 give A A B A, again and again.
 */
export function smoothWeighted(servers: readonly BalancedServer[], weights: CurrentWeights, eligible: (index: number) => boolean): Choice {
  const next = servers.map((_, index) => weights[index] ?? 0);
  let best = -1;
  let total = 0;
  servers.forEach((server, index) => {
    if (!eligible(index)) return;
    next[index] = next[index]! + server.weight;
    total += server.weight;
    if (best < 0 || next[index]! > next[best]!) best = index;
  });
  if (best < 0) return { index: -1, weights };
  next[best] = next[best]! - total;
  return { index: best, weights: next };
}

/** The live primary servers, or the live backup servers when no primary is left. */
function eligibility(servers: readonly BalancedServer[]): (index: number) => boolean {
  const primaryLive = servers.some((server) => !server.backup && !server.down);
  return (index) => !servers[index]!.down && servers[index]!.backup === !primaryLive;
}

/**
 * least_conn: the live server with the fewest active connections for its weight
 * (conns / weight, compared by cross-multiplying as nginx does); several such servers share
 * by smooth weighted round-robin.
 */
function leastConn(servers: readonly BalancedServer[], weights: CurrentWeights, active: readonly number[]): Choice {
  const live = eligibility(servers);
  let best = -1;
  servers.forEach((server, index) => {
    if (!live(index)) return;
    if (best < 0 || active[index]! * servers[best]!.weight < active[best]! * server.weight) best = index;
  });
  if (best < 0) return { index: -1, weights };
  const tied = (index: number) => live(index) && active[index]! * servers[best]!.weight === active[best]! * servers[index]!.weight;
  return smoothWeighted(servers, weights, tied);
}

/** ip_hash's tries before it gives up on hashing and falls back to round-robin. */
const IP_HASH_TRIES = 20;

/**
 * ip_hash: the first three octets of the client's IPv4 address hashed (start 89, ×113 + octet,
 * mod 6271), the hash taken modulo the total weight and walked through the servers' weights.
 * A `down` server makes it hash again from where it was; after 20 tries, round-robin.
 */
function ipHash(servers: readonly BalancedServer[], weights: CurrentWeights, clientAddress: string): Choice {
  const octets = clientAddress.split('.').slice(0, 3).map(Number);
  const totalWeight = servers.reduce((sum, server) => sum + server.weight, 0);
  let hash = 89;
  for (let tries = 0; tries < IP_HASH_TRIES; tries++) {
    for (const octet of octets) hash = (hash * 113 + octet) % 6271;
    let w = hash % totalWeight;
    let index = 0;
    while (w >= servers[index]!.weight) {
      w -= servers[index]!.weight;
      index++;
    }
    if (!servers[index]!.down) return { index, weights };
  }
  return smoothWeighted(servers, weights, (index) => !servers[index]!.down);
}

/** The server for the next request. `active` is each server's open connections (least_conn). */
export function chooseUpstreamServer(
  method: BalancingMethod,
  servers: readonly BalancedServer[],
  weights: CurrentWeights,
  request: { readonly clientAddress: string; readonly active: readonly number[] },
): Choice {
  if (method === 'least_conn') return leastConn(servers, weights, request.active);
  if (method === 'ip_hash') return ipHash(servers, weights, request.clientAddress);
  return smoothWeighted(servers, weights, eligibility(servers));
}

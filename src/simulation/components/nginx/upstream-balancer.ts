/**
 * How nginx picks the server of an `upstream` block for a request, as its source does it
 * (ngx_http_upstream_round_robin.c, ngx_http_upstream_least_conn_module.c,
 * ngx_http_upstream_ip_hash_module.c): smooth weighted round-robin by default, least_conn,
 * or ip_hash, skipping servers marked `down`, servers already tried for this request, and
 * servers that failed `max_fails` times within `fail_timeout`; falling back to the `backup`
 * servers when no primary one is left. Pure functions of the block, the balancer's memory
 * and the request.
 */

export interface BalancedServer {
  readonly server: string;
  readonly weight: number;
  readonly down: boolean;
  readonly backup: boolean;
  /** max_fails: failures within fail_timeout that take the server out (0: never). */
  readonly max_fails: number;
  /** fail_timeout in seconds: how long failures count, and how long the server stays out. */
  readonly fail_timeout: number;
}

export type BalancingMethod = 'round_robin' | 'least_conn' | 'ip_hash';

/**
 * What nginx remembers about each server between requests, by its place in the block
 * (ngx_http_upstream_rr_peer_t): current_weight, effective_weight (lowered by failures, back
 * up by one each time the server is considered), fails, and when it was last checked and
 * last failed, in whole seconds as ngx_time() counts them.
 */
export interface PeerMemory {
  readonly current: readonly number[];
  readonly effective: readonly number[];
  readonly fails: readonly number[];
  readonly checked: readonly number[];
  readonly accessed: readonly number[];
}

export const FRESH_MEMORY: PeerMemory = { current: [], effective: [], fails: [], checked: [], accessed: [] };

export interface Choice {
  /** The server's index in the block, or -1 when none is live ("no live upstreams"). */
  readonly index: number;
  readonly memory: PeerMemory;
}

/** The request's side of the choice. */
export interface ChoiceRequest {
  readonly clientAddress: string;
  /** Requests in progress at each server (least_conn). */
  readonly active: readonly number[];
  /** Servers this request already tried (proxy_next_upstream). */
  readonly tried: readonly number[];
  /** ngx_time(): virtual seconds. */
  readonly now: number;
}

type Writable = { current: number[]; effective: number[]; fails: number[]; checked: number[]; accessed: number[] };

function writable(servers: readonly BalancedServer[], memory: PeerMemory): Writable {
  return {
    current: servers.map((_, index) => memory.current[index] ?? 0),
    effective: servers.map((server, index) => memory.effective[index] ?? server.weight),
    fails: servers.map((_, index) => memory.fails[index] ?? 0),
    checked: servers.map((_, index) => memory.checked[index] ?? 0),
    accessed: servers.map((_, index) => memory.accessed[index] ?? 0),
  };
}

/** Whether the server failed max_fails times and its fail_timeout has not passed. */
function failed(server: BalancedServer, memory: PeerMemory, index: number, now: number): boolean {
  return server.max_fails > 0 && (memory.fails[index] ?? 0) >= server.max_fails && now - (memory.checked[index] ?? 0) <= server.fail_timeout;
}

/** The servers a request may go to: live, untried primaries, or the backups when no primary is left. */
function eligibility(servers: readonly BalancedServer[], memory: PeerMemory, request: ChoiceRequest): (index: number) => boolean {
  const usable = (index: number) => !servers[index]!.down && !request.tried.includes(index) && !failed(servers[index]!, memory, index, request.now);
  const primaryLeft = servers.some((server, index) => !server.backup && usable(index));
  return (index) => usable(index) && servers[index]!.backup === !primaryLeft;
}

/**
 * Smooth weighted round-robin (ngx_http_upstream_get_peer): every eligible server's
 * current_weight grows by its effective_weight, the largest wins (the first on a tie), and
 * the winner gives back the total. Weights 3 and 1 give A A B A, again and again.
 */
export function smoothWeighted(servers: readonly BalancedServer[], memory: PeerMemory, eligible: (index: number) => boolean, now = 0): Choice {
  const next = writable(servers, memory);
  let best = -1;
  let total = 0;
  servers.forEach((server, index) => {
    if (!eligible(index)) return;
    next.current[index] = next.current[index]! + next.effective[index]!;
    total += next.effective[index]!;
    if (next.effective[index]! < server.weight) next.effective[index] = next.effective[index]! + 1;
    if (best < 0 || next.current[index]! > next.current[best]!) best = index;
  });
  if (best < 0) return { index: -1, memory };
  next.current[best] = next.current[best]! - total;
  if (now - next.checked[best]! > servers[best]!.fail_timeout) next.checked[best] = now;
  return { index: best, memory: next };
}

/**
 * least_conn: the eligible server with the fewest requests in progress for its weight
 * (conns / weight, compared by cross-multiplying as nginx does); several such servers share
 * by smooth weighted round-robin.
 */
function leastConn(servers: readonly BalancedServer[], memory: PeerMemory, request: ChoiceRequest): Choice {
  const eligible = eligibility(servers, memory, request);
  const { active } = request;
  let best = -1;
  servers.forEach((server, index) => {
    if (!eligible(index)) return;
    if (best < 0 || active[index]! * servers[best]!.weight < active[best]! * server.weight) best = index;
  });
  if (best < 0) return { index: -1, memory };
  const tied = (index: number) => eligible(index) && active[index]! * servers[best]!.weight === active[best]! * servers[index]!.weight;
  return smoothWeighted(servers, memory, tied, request.now);
}

/** ip_hash's tries before it gives up on hashing and falls back to round-robin. */
const IP_HASH_TRIES = 20;

/**
 * ip_hash: the first three octets of the client's IPv4 address hashed (start 89, ×113 + octet,
 * mod 6271), the hash taken modulo the total weight and walked through the servers' weights.
 * A server it may not use makes it hash again from where it was; after 20 tries, round-robin.
 */
function ipHash(servers: readonly BalancedServer[], memory: PeerMemory, request: ChoiceRequest): Choice {
  const octets = request.clientAddress.split('.').slice(0, 3).map(Number);
  const totalWeight = servers.reduce((sum, server) => sum + server.weight, 0);
  const eligible = eligibility(servers, memory, request);
  let hash = 89;
  for (let tries = 0; tries < IP_HASH_TRIES; tries++) {
    for (const octet of octets) hash = (hash * 113 + octet) % 6271;
    let w = hash % totalWeight;
    let index = 0;
    while (w >= servers[index]!.weight) {
      w -= servers[index]!.weight;
      index++;
    }
    if (eligible(index)) {
      const next = writable(servers, memory);
      if (request.now - next.checked[index]! > servers[index]!.fail_timeout) next.checked[index] = request.now;
      return { index, memory: next };
    }
  }
  return smoothWeighted(servers, memory, eligible, request.now);
}

/** The server for the next try of a request. */
export function chooseUpstreamServer(method: BalancingMethod, servers: readonly BalancedServer[], memory: PeerMemory, request: ChoiceRequest): Choice {
  // One server and no backup: nginx's "single" case keeps no score and always tries it.
  if (servers.length === 1) return { index: servers[0]!.down || request.tried.includes(0) ? -1 : 0, memory };
  if (method === 'least_conn') return leastConn(servers, memory, request);
  if (method === 'ip_hash') return ipHash(servers, memory, request);
  return smoothWeighted(servers, memory, eligibility(servers, memory, request), request.now);
}

/**
 * The try ended (ngx_http_upstream_free_round_robin_peer). A failure counts against the
 * server and lowers its effective weight by weight / max_fails; `disabled` says it has now
 * failed max_fails times. A success after a failure clears its failures.
 */
export function recordTry(servers: readonly BalancedServer[], memory: PeerMemory, index: number, outcome: 'failed' | 'ok', now: number): { memory: PeerMemory; disabled: boolean } {
  if (servers.length === 1) return { memory, disabled: false };
  const next = writable(servers, memory);
  const server = servers[index]!;
  if (outcome === 'ok') {
    if (next.accessed[index]! < next.checked[index]!) next.fails[index] = 0;
    return { memory: next, disabled: false };
  }
  next.fails[index] = next.fails[index]! + 1;
  next.accessed[index] = now;
  next.checked[index] = now;
  if (server.max_fails > 0) next.effective[index] = Math.max(0, next.effective[index]! - Math.floor(server.weight / server.max_fails));
  return { memory: next, disabled: server.max_fails > 0 && next.fails[index]! >= server.max_fails };
}

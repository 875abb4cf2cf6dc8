import type { NodeContext } from '../../engine/simulator.ts';
import type { World } from '../../engine/world.ts';
import { innerMap } from '../../engine/memo.ts';
import type { DnsPayload } from '../../engine/packet.ts';
import { lookUpHost, onDnsPacket, onHostResolverTimer, type HasHostResolver, type HostLookup, type ResolverSettings } from '../browser/host-resolver.ts';
import type { BalancedServer } from './upstream-balancer.ts';
import type { NginxConfig } from './config.ts';
import { nginxConfToText } from './conf/printer.ts';
import { logError, type HasLogs } from './logs.ts';

/**
 * What nginx's `server` entries (and a proxy_pass that names a host) become when it reads its
 * configuration: peers, one per address. nginx resolves every name once, at startup
 * (ngx_parse_url with getaddrinfo): the machine's hosts first — on the canvas, a node's id,
 * label or address — then the DNS resolver. A name with several A records becomes several
 * peers, in the answer's order, each with the entry's weight and flags; that is how a service
 * scaled behind one DNS name is balanced by nginx, and why $upstream_addr names the instance.
 * A name that does not resolve stops nginx from starting: `[emerg] host not found in upstream`.
 */

/** An upstream peer: a server entry's parameters and one of its addresses. */
export interface Peer extends BalancedServer {
  readonly address: string;
  readonly port: number;
  /** "address:port", as $upstream_addr writes it. */
  readonly addr: string;
}

/** Where nginx's startup is: reading names, serving, or stopped by a name that did not resolve. */
export interface Startup<P> {
  readonly phase: 'resolving' | 'running' | 'failed';
  /** Names still waiting for their DNS answer. */
  readonly pending: readonly string[];
  /** Addresses found through DNS, by name. */
  readonly resolved: Readonly<Record<string, readonly string[]>>;
  /** Requests that arrived while nginx was still resolving, in arrival order. */
  readonly parked: readonly P[];
}

export interface HasPeers<P> extends HasHostResolver<string>, HasLogs {
  /** Each upstream block's peers, and each DNS-resolved proxy_pass host's, by name. */
  readonly peers: Readonly<Record<string, readonly Peer[]>>;
  readonly startup: Startup<P>;
}

/** The startup timer's payload: nginx reads its configuration and looks its names up. */
export const STARTUP_LOOKUPS = { type: 'nginx-startup-lookups' } as const;

/** nginx keeps no DNS cache of its own for these lookups, and the network carries IPv4. */
const STARTUP_RESOLVER: ResolverSettings = { hostCache: false, osCache: false, ipv6: false };

/** An implicit upstream's one server (proxy_pass http://name): nginx's defaults. */
const IMPLICIT_SERVER = { weight: 1, down: false, backup: false, max_fails: 1, fail_timeout: 10 } as const;

/** $proxy_host of a proxy_pass URL: "http://app/" -> "app". Read once per URL. */
export function proxyHostOf(proxyPass: string): string {
  let host = proxyHosts.get(proxyPass);
  if (host === undefined) {
    host = proxyPass.replace(/^http:\/\//, '').replace(/\/$/, '');
    proxyHosts.set(proxyPass, host);
  }
  return host;
}

const proxyHosts = new Map<string, string>();

/** An upstream `server` entry, "host:port", split once per entry. */
export function serverParts(server: string): { readonly host: string; readonly port: number } {
  let parts = serverPartsMemo.get(server);
  if (!parts) {
    const [host, portText] = server.split(':');
    parts = { host: host!, port: portText ? Number(portText) : 80 };
    serverPartsMemo.set(server, parts);
  }
  return parts;
}

const serverPartsMemo = new Map<string, { readonly host: string; readonly port: number }>();

/** "address:port" as the logs write an upstream, made once per pair. */
export function upstreamText(address: string, port: number): string {
  const byPort = innerMap(upstreamTexts, address);
  let text = byPort.get(port);
  if (text === undefined) {
    text = `${address}:${port}`;
    byPort.set(port, text);
  }
  return text;
}

const upstreamTexts = new Map<string, Map<number, string>>();

/** proxy_pass hosts that name no upstream block, each once. */
function bareProxyHosts(config: NginxConfig): string[] {
  const blocks = new Set(config.upstreams.map((upstream) => upstream.name));
  const hosts = config.servers.flatMap((server) => server.locations.flatMap((location) => (location.proxy_pass === undefined ? [] : [proxyHostOf(location.proxy_pass)])));
  return [...new Set(hosts)].filter((host) => !blocks.has(host));
}

/** Every "host[:port]" nginx connects to: the upstream blocks' server entries, then the bare proxy_pass hosts. */
function hostEntries(config: NginxConfig): string[] {
  return [...config.upstreams.flatMap((upstream) => upstream.servers.map((server) => server.server)), ...bareProxyHosts(config)];
}

/** The host names nginx must ask DNS about: written in a server entry or a proxy_pass, and unknown to the machine's hosts. */
export function namesToResolve(config: NginxConfig, world: World): string[] {
  const hosts = hostEntries(config).map((entry) => serverParts(entry).host).filter((host) => world.hostAddress(host) === undefined);
  return [...new Set(hosts)];
}

/**
 * Every upstream block's peers, and an implicit upstream for each proxy_pass host found
 * through DNS. A proxy_pass host the machine's hosts know stays out: it is one address, and
 * nginx keeps no score for it.
 */
export function buildPeers(config: NginxConfig, world: World, resolved: Readonly<Record<string, readonly string[]>>): Record<string, readonly Peer[]> {
  const addressesOf = (host: string): readonly string[] => {
    const known = world.hostAddress(host);
    return known === undefined ? (resolved[host] ?? []) : [known];
  };
  const peersOf = (entry: string, server: BalancedServer): Peer[] => {
    const { host, port } = serverParts(entry);
    return addressesOf(host).map((address) => ({ ...server, address, port, addr: upstreamText(address, port) }));
  };
  const peers: Record<string, readonly Peer[]> = {};
  for (const upstream of config.upstreams) peers[upstream.name] = upstream.servers.flatMap((server) => peersOf(server.server, server));
  for (const host of bareProxyHosts(config)) {
    if (resolved[serverParts(host).host] !== undefined) peers[host] = peersOf(host, { server: host, ...IMPLICIT_SERVER });
  }
  return peers;
}

/** The state nginx starts with: its peers at once, or a startup that first asks DNS. */
export function initialPeers<P>(config: NginxConfig, world: World): Pick<HasPeers<P>, 'peers' | 'startup'> & { lookups: readonly string[] } {
  const names = namesToResolve(config, world);
  const startup: Startup<P> = { phase: names.length === 0 ? 'running' : 'resolving', pending: names, resolved: {}, parked: [] };
  return { peers: names.length === 0 ? buildPeers(config, world, {}) : {}, startup, lookups: names };
}

/** At startup: one query per name nginx does not know. Answers come back through lookupAnswered(). */
export function startLookups<P, S extends HasPeers<P>>(ctx: NodeContext<S>): readonly P[] {
  let released: readonly P[] = [];
  for (const name of ctx.state.startup.pending) {
    const lookup = lookUpHost(ctx, name, name, STARTUP_RESOLVER);
    if (lookup !== 'pending') released = lookupAnswered(ctx, name, lookup);
  }
  return released;
}

/**
 * One startup name has its answer. When it was the last, nginx has its peers and starts
 * serving: the requests that waited are returned, to go on. A name that did not resolve
 * stops nginx, as its `[emerg]` does; the requests that waited are returned too, to be closed.
 */
export function lookupAnswered<P, S extends HasPeers<P>>(ctx: NodeContext<S>, name: string, lookup: HostLookup): readonly P[] {
  const { startup } = ctx.state;
  if (!startup.pending.includes(name)) return [];
  const state = ctx.draft() as { startup: Startup<P>; peers: Readonly<Record<string, readonly Peer[]>> };
  const pending = startup.pending.filter((other) => other !== name);
  const config = ctx.node.config as NginxConfig;
  if (lookup.kind === 'failed') {
    state.startup = { ...startup, phase: 'failed', pending: [], parked: [] };
    logError(ctx, `[emerg] host not found in upstream "${entryNaming(config, name)}" in /etc/nginx/nginx.conf:${lineNaming(config, name)}`);
    return startup.parked;
  }
  const addresses = lookup.addresses ?? [lookup.address];
  const resolved = { ...startup.resolved, [name]: addresses };
  ctx.note(`nginx resolved ${name} at startup: ${addresses.join(', ')} (${addresses.length} peer${addresses.length === 1 ? '' : 's'})`);
  if (pending.length > 0) {
    state.startup = { ...startup, pending, resolved };
    return [];
  }
  state.peers = buildPeers(config, ctx.world, resolved);
  state.startup = { phase: 'running', pending: [], resolved, parked: [] };
  return startup.parked;
}

/** Holds a request until the startup lookups are answered. */
export function park<P, S extends HasPeers<P>>(ctx: NodeContext<S>, request: P): void {
  const state = ctx.draft() as { startup: Startup<P> };
  state.startup = { ...ctx.state.startup, parked: [...ctx.state.startup.parked, request] };
}

/** The entry that names `host`, as nginx quotes it: a server entry's "host:port", or the proxy_pass host. */
function entryNaming(config: NginxConfig, host: string): string {
  return hostEntries(config).find((entry) => serverParts(entry).host === host) ?? host;
}

/** The line of nginx.conf (as the node's text view writes it) where `host` first appears. */
function lineNaming(config: NginxConfig, host: string): number {
  const entry = entryNaming(config, host);
  const lines = nginxConfToText(config).split('\n');
  const index = lines.findIndex((line) => {
    const words = line.trim().replace(/;$/, '').split(/\s+/);
    return (words[0] === 'server' && words[1] === entry) || (words[0] === 'proxy_pass' && words[1] !== undefined && proxyHostOf(words[1]) === entry);
  });
  return index + 1;
}

/** A DNS answer to a startup lookup: the requests it releases (none for an answer to something else). */
export function onStartupDnsPacket<P, S extends HasPeers<P>>(ctx: NodeContext<S>, answer: DnsPayload): readonly P[] {
  const answered = onDnsPacket<string, S>(ctx, answer, STARTUP_RESOLVER);
  return answered ? lookupAnswered(ctx, answered.waiter, answered.outcome) : [];
}

/** The stub resolver's retry timer for a startup lookup; undefined when the payload is another timer. */
export function onStartupDnsTimer<P, S extends HasPeers<P>>(ctx: NodeContext<S>, payload: unknown): readonly P[] | undefined {
  const outcome = onHostResolverTimer<string, S>(ctx, payload, STARTUP_RESOLVER);
  if (outcome === undefined) return undefined;
  return typeof outcome === 'object' ? lookupAnswered(ctx, outcome.waiter, outcome.outcome) : [];
}

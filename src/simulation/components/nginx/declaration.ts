import type { Diagnostic } from '../../model/diagnostic.ts';
import type { CheckContext, KindDeclaration } from '../services.ts';
import type { RuntimeNode } from '../../engine/world.ts';
import { hasNetworkLink, nameOf, neighboursOfKind, nodeForHost, problem, splitHostPort } from '../check-helpers.ts';
import type { DnsResolverConfig } from '../dns-resolver/config.ts';
import { sslPort, type Location, type NginxConfig } from './config.ts';
import { KNOWN_VARIABLES, unknownVariables } from './variables.ts';

/**
 * nginx serves HTTP and, as a reverse proxy, uses the HTTP servers it proxies to; it asks a DNS
 * resolver, at startup, for upstream names the canvas does not know.
 */
export const nginxDeclaration: KindDeclaration = {
  role: 'a web server',
  serves: ['http'],
  uses: ['http', 'dns'],
  speaksTls: (config, port) => sslPort(config as NginxConfig, port),
  onLinkedTo(config, server, names) {
    const upstreams = (config as NginxConfig).upstreams;
    const first = upstreams?.[0];
    // A resolver answers nginx's startup lookups; it is not a server to proxy to.
    if (server.kind === 'dns-resolver') return undefined;
    if (!first || first.servers.some((entry) => names(splitHostPort(entry.server, 80).host))) return undefined;
    const port = typeof server.config['port'] === 'number' ? server.config['port'] : typeof server.config['listen'] === 'number' ? server.config['listen'] : 80;
    return { ...config, upstreams: [{ ...first, servers: [{ server: `${server.id}:${port}` }] }, ...upstreams.slice(1)] };
  },
  check(context) {
    const config = context.config as NginxConfig;
    const problems: Diagnostic[] = [];
    const upstreamNames = new Set(config.upstreams.map((upstream) => upstream.name));

    const checkLink = (node: RuntimeNode, target: string, path: string) => {
      if (hasNetworkLink(context, node.id)) return;
      problems.push(problem(context, 'error', `${context.name} has no link to ${nameOf(node)}, so it cannot reach ${target}.`, `Connect ${context.name} to ${nameOf(node)} with a network link.`, path));
    };
    const checkServer = (target: string, path: string) => {
      const { host } = splitHostPort(target, 80);
      const node = nodeForHost(context, host);
      if (node) {
        checkLink(node, target, path);
        return;
      }
      const resolver = neighboursOfKind(context, 'dns-resolver', 'network')[0];
      if (!resolver) {
        problems.push(
          problem(
            context,
            'error',
            `${host} names no node on the canvas, and nginx has no DNS resolver to ask: it would not start ([emerg] host not found in upstream).`,
            `Use the name or address of an application server, such as a Gunicorn node's name, or link ${context.name} to a DNS resolver with A records for ${host}.`,
            path,
          ),
        );
        return;
      }
      const addresses = localAddresses(resolver, host);
      if (addresses.length === 0) {
        problems.push(
          problem(
            context,
            'warning',
            `${host} names no node on the canvas, and ${nameOf(resolver)} has no A record for it: nginx asks ${nameOf(resolver)} at startup, and if the name does not resolve, nginx does not start.`,
            `Add A records for ${host} to ${nameOf(resolver)}, or use an application server's name.`,
            path,
          ),
        );
        return;
      }
      for (const address of addresses) {
        const instance = nodeForHost(context, address);
        if (instance) checkLink(instance, `${address} (${host})`, path);
        else problems.push(problem(context, 'error', `${nameOf(resolver)} answers ${host} with ${address}, and no node on the canvas has that address: nginx's tries there would time out.`, `Give an application server the address ${address}, or correct the A record.`, path));
      }
    };

    const locations = config.servers.flatMap((server, serverIndex) => server.locations.map((location, index) => ({ location, path: `servers[${serverIndex}].locations[${index}]` })));
    for (const { location, path } of locations) {
      if (location.proxy_pass === undefined) continue;
      const target = /^http:\/\/([^/]+)/.exec(location.proxy_pass)?.[1] ?? '';
      if (!upstreamNames.has(target)) checkServer(target, `${path}.proxy_pass`);
      const socketServer = proxiedNodes(context, config, target).find((node) => node.kind === 'websocket-server');
      if (socketServer && !passesUpgrade(location)) {
        problems.push(
          problem(
            context,
            'warning',
            `${context.name} does not pass the Upgrade header on to ${nameOf(socketServer)}, a WebSocket server: the handshake reaches it as a plain HTTP/1.0 GET, and it answers 400.`,
            'Add proxy_http_version 1.1, proxy_set_header Upgrade $http_upgrade and proxy_set_header Connection "upgrade" to this location.',
            `${path}.proxy_pass`,
          ),
        );
      }
    }
    for (const { location, path } of locations) {
      const texts = [...(location.return === undefined ? [] : [location.return]), ...location.proxy_set_header.map((header) => header.value)];
      const unknown = texts.flatMap(unknownVariables);
      if (unknown.length > 0) {
        problems.push(problem(context, 'warning', `nginx does not know the variable $${unknown[0]}: it would be sent literally.`, `Use one of ${KNOWN_VARIABLES.join(', ')}.`, `${path}.${location.return === undefined ? 'proxy_set_header' : 'return'}`));
      }
    }
    const ports = new Map<number, boolean>();
    config.servers.forEach((server, index) => {
      const ssl = ports.get(server.listen);
      if (ssl !== undefined && ssl !== server.ssl) {
        problems.push(problem(context, 'warning', `Two server blocks listen on port ${server.listen}, one with ssl and one without: nginx sets ssl per port, so both speak TLS.`, 'Give both the same ssl setting, or move one to another port.', `servers[${index}].ssl`));
      }
      ports.set(server.listen, server.ssl);
    });
    config.upstreams.forEach((upstream, upstreamIndex) => {
      const used = locations.some(({ location }) => location.proxy_pass?.replace(/^http:\/\//, '').replace(/\/$/, '') === upstream.name);
      if (!used) {
        problems.push(
          problem(context, 'warning', `The upstream ${upstream.name} is never used: no location proxies to it.`, `Set a location's proxy_pass to http://${upstream.name}, or remove the upstream.`, `upstreams[${upstreamIndex}].name`),
        );
      }
      upstream.servers.forEach((server, serverIndex) => checkServer(server.server, `upstreams[${upstreamIndex}].servers[${serverIndex}].server`));
    });
    return problems;
  },
};

/** The nodes a proxy_pass target leads to: an upstream block's servers, or the host itself. */
function proxiedNodes(context: CheckContext, config: NginxConfig, target: string): RuntimeNode[] {
  const upstream = config.upstreams.find((candidate) => candidate.name === target);
  const hosts = upstream ? upstream.servers.map((server) => splitHostPort(server.server, 80).host) : [splitHostPort(target, 80).host];
  return hosts.flatMap((host) => nodeForHost(context, host) ?? []);
}

/** Whether a location upgrades connections: HTTP/1.1 upstream, with Upgrade and Connection set. */
function passesUpgrade(location: Location): boolean {
  const set = (name: string) => location.proxy_set_header.some((header) => header.name.toLowerCase() === name && header.value !== '');
  return location.proxy_http_version === '1.1' && set('upgrade') && set('connection');
}

/** The addresses a resolver's local A records give a name, in their order. */
function localAddresses(resolver: RuntimeNode, host: string): string[] {
  const records = (resolver.config as Partial<DnsResolverConfig>).records ?? [];
  const name = host.toLowerCase().replace(/\.$/, '');
  return records.filter((record) => record.name.toLowerCase().replace(/\.$/, '') === name).map((record) => record.address);
}

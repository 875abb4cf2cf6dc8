import type { Diagnostic } from '../../model/diagnostic.ts';
import type { KindDeclaration } from '../services.ts';
import { hasNetworkLink, nameOf, nodeForHost, problem, splitHostPort } from '../check-helpers.ts';
import type { NginxConfig } from './config.ts';

/** nginx serves HTTP and, as a reverse proxy, uses the HTTP servers it proxies to. */
export const nginxDeclaration: KindDeclaration = {
  serves: ['http'],
  uses: ['http'],
  onLinkedTo(config, server, names) {
    const upstreams = (config as NginxConfig).upstreams;
    const first = upstreams?.[0];
    if (!first || first.servers.some((entry) => names(splitHostPort(entry.server, 80).host))) return undefined;
    const port = typeof server.config['port'] === 'number' ? server.config['port'] : typeof server.config['listen'] === 'number' ? server.config['listen'] : 80;
    return { ...config, upstreams: [{ ...first, servers: [{ server: `${server.id}:${port}` }] }, ...upstreams.slice(1)] };
  },
  check(context) {
    const config = context.config as NginxConfig;
    const problems: Diagnostic[] = [];
    const upstreamNames = new Set(config.upstreams.map((upstream) => upstream.name));

    const checkServer = (target: string, path: string) => {
      const { host } = splitHostPort(target, 80);
      const node = nodeForHost(context, host);
      if (!node) {
        problems.push(
          problem(context, 'error', `${host} names no node on the canvas: nginx would answer 502 Bad Gateway.`, `Use the name or address of an application server, such as a Gunicorn node's name.`, path),
        );
      } else if (!hasNetworkLink(context, node.id)) {
        problems.push(
          problem(context, 'error', `${context.name} has no link to ${nameOf(node)}, so it cannot reach ${target}.`, `Connect ${context.name} to ${nameOf(node)} with a network link.`, path),
        );
      }
    };

    config.locations.forEach((location, index) => {
      const target = /^http:\/\/([^/]+)/.exec(location.proxy_pass)?.[1] ?? '';
      if (upstreamNames.has(target)) return;
      checkServer(target, `locations[${index}].proxy_pass`);
    });
    config.upstreams.forEach((upstream, upstreamIndex) => {
      const used = config.locations.some((location) => location.proxy_pass.replace(/^http:\/\//, '').replace(/\/$/, '') === upstream.name);
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

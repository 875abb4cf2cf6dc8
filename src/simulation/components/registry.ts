import type { z } from 'zod';
import type { Behaviour } from '../engine/simulator.ts';
import { NODE_KIND_NAMES, type NodeKind, type TopologyNode } from '../model/topology.ts';
import type { NodeStatus } from '../model/status.ts';
import { browserBehaviour, browserStatus, type BrowserState } from './browser/behaviour.ts';
import { browserConfigSchema, type BrowserConfig } from './browser/config.ts';
import { dnsResolverBehaviour, dnsResolverStatus, type DnsResolverState } from './dns-resolver/behaviour.ts';
import { dnsResolverConfigSchema, type DnsResolverConfig } from './dns-resolver/config.ts';
import { dnsServerBehaviour, dnsServerStatus, type DnsServerState } from './dns-server/behaviour.ts';
import { dnsServerConfigSchema, type DnsServerConfig } from './dns-server/config.ts';
import { flaskBehaviour, flaskStatus, type FlaskState } from './flask/behaviour.ts';
import { flaskConfigSchema, type FlaskConfig } from './flask/config.ts';
import { gunicornBehaviour, gunicornStatus, type GunicornState } from './gunicorn/behaviour.ts';
import { gunicornConfigSchema, type GunicornConfig } from './gunicorn/config.ts';
import { nginxBehaviour, nginxStatus, type NginxState } from './nginx/behaviour.ts';
import { nginxConfigSchema, type NginxConfig } from './nginx/config.ts';
import { postgresBehaviour, postgresStatus, type PostgresState } from './postgres/behaviour.ts';
import { postgresConfigSchema, type PostgresConfig } from './postgres/config.ts';
import { redisBehaviour, redisStatus, type RedisState } from './redis/behaviour.ts';
import { redisConfigSchema, type RedisConfig } from './redis/config.ts';
import { websocketServerBehaviour, websocketServerStatus, type WebSocketServerState } from './websocket-server/behaviour.ts';
import { websocketServerConfigSchema, type WebSocketServerConfig } from './websocket-server/config.ts';
import { ftpServerBehaviour, ftpServerStatus, type FtpServerState } from './ftp-server/behaviour.ts';
import { ftpServerConfigSchema, type FtpServerConfig } from './ftp-server/config.ts';
import { socketServerBehaviour, socketServerStatus, type SocketServerState } from './socket-server/behaviour.ts';
import { socketServerConfigSchema, type SocketServerConfig } from './socket-server/config.ts';
import { flaskDevServerBehaviour, flaskDevServerStatus, type FlaskDevServerState } from './flask-dev-server/behaviour.ts';
import { flaskDevServerConfigSchema, type FlaskDevServerConfig } from './flask-dev-server/config.ts';
import { ftpClientBehaviour, ftpClientStatus, type FtpClientState } from './ftp-client/behaviour.ts';
import { ftpClientConfigSchema, type FtpClientConfig } from './ftp-client/config.ts';

/** What the palette, the canvas and the docs say about a kind. */
export interface KindInfo {
  readonly kind: NodeKind;
  /** The real software's name, as people write it. */
  readonly title: string;
  readonly description: string;
}

interface KindDefinition<S, C> extends KindInfo {
  readonly configSchema: z.ZodType<C>;
  readonly behaviour: Behaviour<S>;
  readonly status: (state: S, config: C) => NodeStatus;
}

function define<S, C>(definition: KindDefinition<S, C>): KindDefinition<unknown, unknown> {
  return definition as unknown as KindDefinition<unknown, unknown>;
}

const DEFINITIONS: Record<NodeKind, KindDefinition<unknown, unknown>> = {
  browser: define<BrowserState, BrowserConfig>({
    kind: 'browser',
    title: 'Browser',
    description: 'Chromium: looks the host up in DNS, connects over TCP and sends HTTP/1.1 requests.',
    configSchema: browserConfigSchema,
    behaviour: browserBehaviour,
    status: browserStatus,
  }),
  'dns-resolver': define<DnsResolverState, DnsResolverConfig>({
    kind: 'dns-resolver',
    title: 'DNS resolver',
    description: 'Recursive resolver on UDP port 53: answers from local records or its cache, else asks the root, TLD and domain servers.',
    configSchema: dnsResolverConfigSchema,
    behaviour: dnsResolverBehaviour,
    status: dnsResolverStatus,
  }),
  'dns-server': define<DnsServerState, DnsServerConfig>({
    kind: 'dns-server',
    title: 'DNS server',
    description: 'Authoritative name server: a root, TLD or domain server that answers from its zone or refers onwards.',
    configSchema: dnsServerConfigSchema,
    behaviour: dnsServerBehaviour,
    status: dnsServerStatus,
  }),
  'socket-server': define<SocketServerState, SocketServerConfig>({
    kind: 'socket-server',
    title: 'Socket server',
    description: 'A program on a port: a bare Python socket server that accepts a connection, reads the bytes, and closes, sends a fixed 200 OK, or serves files by the request line.',
    configSchema: socketServerConfigSchema,
    behaviour: socketServerBehaviour,
    status: socketServerStatus,
  }),
  'flask-dev-server': define<FlaskDevServerState, FlaskDevServerConfig>({
    kind: 'flask-dev-server',
    title: 'Flask dev server',
    description: 'flask run: the Werkzeug development server on 127.0.0.1:5000 running a Flask app; with threaded=False one slow view makes every other request wait.',
    configSchema: flaskDevServerConfigSchema,
    behaviour: flaskDevServerBehaviour,
    status: flaskDevServerStatus,
  }),
  nginx: define<NginxState, NginxConfig>({
    kind: 'nginx',
    title: 'nginx',
    description: 'Web server and reverse proxy: matches a location and proxy_passes to an upstream.',
    configSchema: nginxConfigSchema,
    behaviour: nginxBehaviour,
    status: nginxStatus,
  }),
  gunicorn: define<GunicornState, GunicornConfig>({
    kind: 'gunicorn',
    title: 'Gunicorn',
    description: 'WSGI application server: pre-forked sync workers, one request each at a time.',
    configSchema: gunicornConfigSchema,
    behaviour: gunicornBehaviour,
    status: gunicornStatus,
  }),
  flask: define<FlaskState, FlaskConfig>({
    kind: 'flask',
    title: 'Flask',
    description: 'Web framework: routes a path to a view function, which may query the database.',
    configSchema: flaskConfigSchema,
    behaviour: flaskBehaviour,
    status: flaskStatus,
  }),
  postgres: define<PostgresState, PostgresConfig>({
    kind: 'postgres',
    title: 'PostgreSQL',
    description: 'Relational database: answers SQL queries on port 5432 after its query latency.',
    configSchema: postgresConfigSchema,
    behaviour: postgresBehaviour,
    status: postgresStatus,
  }),
  redis: define<RedisState, RedisConfig>({
    kind: 'redis',
    title: 'Redis',
    description: 'In-memory key-value store on port 6379: keeps server-side sessions with an expiry.',
    configSchema: redisConfigSchema,
    behaviour: redisBehaviour,
    status: redisStatus,
  }),
  'websocket-server': define<WebSocketServerState, WebSocketServerConfig>({
    kind: 'websocket-server',
    title: 'WebSocket server',
    description: 'Echo server speaking RFC 6455: upgrades an HTTP GET with 101 Switching Protocols, then sends each message back.',
    configSchema: websocketServerConfigSchema,
    behaviour: websocketServerBehaviour,
    status: websocketServerStatus,
  }),
  'ftp-server': define<FtpServerState, FtpServerConfig>({
    kind: 'ftp-server',
    title: 'FTP server',
    description: 'vsftpd on port 21: logs users in, then sends each file over a second, passive-mode data connection.',
    configSchema: ftpServerConfigSchema,
    behaviour: ftpServerBehaviour,
    status: ftpServerStatus,
  }),
  'ftp-client': define<FtpClientState, FtpClientConfig>({
    kind: 'ftp-client',
    title: 'FTP client',
    description: 'curl downloading an ftp:// URL: USER and PASS in plain text on port 21, then the file on a data connection.',
    configSchema: ftpClientConfigSchema,
    behaviour: ftpClientBehaviour,
    status: ftpClientStatus,
  }),
};

/** Every node kind the engine knows, in palette order. */
export const NODE_KINDS: readonly NodeKind[] = NODE_KIND_NAMES;

export const KIND_INFO: Readonly<Record<NodeKind, KindInfo>> = Object.fromEntries(
  NODE_KIND_NAMES.map((kind) => [kind, { kind, title: DEFINITIONS[kind].title, description: DEFINITIONS[kind].description }]),
) as Record<NodeKind, KindInfo>;

export function isNodeKind(kind: unknown): kind is NodeKind {
  return typeof kind === 'string' && (NODE_KIND_NAMES as readonly string[]).includes(kind);
}

export function behaviourOf(kind: NodeKind): Behaviour<unknown> {
  return DEFINITIONS[kind].behaviour;
}

export function configSchemaOf(kind: NodeKind): z.ZodType<unknown> {
  return DEFINITIONS[kind].configSchema;
}

export function statusOf(node: TopologyNode, state: unknown): NodeStatus {
  return DEFINITIONS[node.kind].status(state, node.config);
}

import { z } from '../../io/zod.ts';
import { hostName, ipv4, port } from '../shared-config.ts';
import { certificateSchema, DEFAULT_CERTIFICATE_CHAIN } from '../tls-config.ts';

export const upstreamServerSchema = z.strictObject({
  server: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, { message: 'must be host:port, such as app1:8000' })
    .describe('host:port of an application server (a node id or an IP address)'),
});

export const upstreamSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'must be a single word such as app' }),
  servers: z.array(upstreamServerSchema).min(1, { message: 'an upstream needs at least one server' }),
});

export const locationSchema = z.strictObject({
  path: z.string().startsWith('/', { message: 'must start with /' }).describe('Prefix matched against the request path'),
  proxy_pass: z
    .string()
    .regex(/^http:\/\/[A-Za-z0-9._-]+(:\d{1,5})?\/?$/, { message: 'must be http://<upstream or host:port>' })
    .describe('Where matching requests are forwarded'),
});

export const nginxConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.2'),
  listen: port.default(80),
  ssl: z.boolean().default(false).describe('listen … ssl: the port speaks TLS (HTTPS), and nginx terminates it: upstreams get plain HTTP'),
  ssl_certificate: z
    .array(certificateSchema)
    .min(1, { message: 'the file needs at least the server\'s own certificate' })
    .max(5)
    .default(DEFAULT_CERTIFICATE_CHAIN)
    .describe('The certificate file: the server\'s own certificate first, then the intermediates that lead to a trusted root'),
  ssl_protocols: z
    .array(z.enum(['TLSv1.2', 'TLSv1.3']))
    .min(1, { message: 'name at least one protocol' })
    .default(['TLSv1.2', 'TLSv1.3'])
    .describe('ssl_protocols: the TLS versions nginx accepts; it picks the newest the browser offers'),
  server_name: hostName.default('example.com'),
  locations: z.array(locationSchema).default([{ path: '/', proxy_pass: 'http://app' }]),
  upstreams: z.array(upstreamSchema).default([{ name: 'app', servers: [{ server: 'app1:8000' }] }]),
  keepalive_timeout: z
    .number()
    .min(0)
    .max(3600)
    .default(75)
    .describe('keepalive_timeout, in seconds: how long an idle client connection stays open for its next request; 0 turns keep-alive off (Connection: close)'),
  keepalive_requests: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(1000)
    .describe('keepalive_requests: how many requests one client connection may carry; the response to the last says Connection: close'),
});

export type NginxConfig = z.infer<typeof nginxConfigSchema>;

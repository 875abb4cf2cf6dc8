import { z } from '../../io/zod.ts';
import { DEFAULT_FILE_MTIME, ipv4, port, servedFileSchema } from '../shared-config.ts';

/** What the program does with a connection once it has read the request's bytes. */
export const SOCKET_BEHAVIOURS = ['close', 'fixed', 'files'] as const;

const DEFAULT_INDEX = '<!doctype html>\n<html>\n<head><title>Hello</title></head>\n<body><h1>Hello from a socket server</h1></body>\n</html>\n';

export const socketServerConfigSchema = z.strictObject({
  address: ipv4.default('10.0.0.4').describe("The machine's IP address"),
  port: port
    .default(8080)
    .describe("s.bind(('0.0.0.0', port)): the port the program listens on. Ports below 1024 are privileged: binding one needs root"),
  behaviour: z
    .enum(SOCKET_BEHAVIOURS)
    .default('close')
    .describe(
      'What the program does after conn.recv(): close closes the connection without answering (an empty reply); fixed sends one hand-written HTTP/1.1 200 OK with body, whatever was asked; files parses the request line and sends the file it names from directory (200 or 404; only GET, anything else gets 501)',
    ),
  body: z.string().max(100_000).default('Hello, world!').describe('fixed: the body of the 200 OK it sends to every request'),
  contentType: z.string().min(1).max(200).default('text/html').describe('fixed: the Content-Type it writes'),
  directory: z
    .string()
    .regex(/^\/[^\s?#]*$/, { message: 'must be an absolute path such as /srv/site' })
    .default('/srv/site')
    .describe('files: the folder the request paths are looked up in (GET /main.css reads directory/main.css; / reads index.html)'),
  files: z
    .array(servedFileSchema)
    .max(200)
    .default([{ path: '/srv/site/index.html', body: DEFAULT_INDEX, lastModified: DEFAULT_FILE_MTIME }])
    .describe('files: what is on the disk, by absolute path'),
});

export type SocketServerConfig = z.infer<typeof socketServerConfigSchema>;

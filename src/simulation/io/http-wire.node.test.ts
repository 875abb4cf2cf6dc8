/**
 * Every HTTP message of every example, fed to Node's own HTTP parser (llhttp) as bytes on a
 * real socket: requests to a node:http server, responses to a node:http client. Each must
 * parse to the fields the trace's layer shows. New examples are picked up automatically.
 */
import { readdirSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../index.ts';
import type { HttpRequestLayer, HttpResponseLayer, TcpLayer } from '../model/message.ts';
import { example } from '../test-support/documents.node.ts';

interface Parsed {
  readonly start: readonly (string | number | undefined)[];
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

interface Collected {
  readonly requests: Map<string, { layer: HttpRequestLayer; where: string }>;
  readonly responses: Map<string, { layer: HttpResponseLayer; head: boolean; where: string }>;
}

const names = readdirSync(join(process.cwd(), 'public/topologies'))
  .filter((file) => file.endsWith('.json') && file !== 'index.json')
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

/** The HTTP layers every example sends, each raw text once; a response knows whether it answers a HEAD. */
function collect(): Collected {
  const collected: Collected = { requests: new Map(), responses: new Map() };
  for (const name of names) {
    // The method of the last request sent on each connection (the one a response answers).
    const lastMethod = new Map<string, string>();
    simulate(example(name), {
      maxEvents: 200_000,
      onEvent: (event) => {
        if (event.type !== 'send' || (event.protocol !== 'http' && event.protocol !== 'tls')) return;
        const layers = event.message!.layers;
        const http = layers.find((layer) => layer.layer === 'http');
        const tcp = layers.find((layer): layer is TcpLayer => layer.layer === 'tcp');
        if (http?.layer !== 'http') return;
        const where = `${name} #${event.seq} ${event.from}>${event.to}: ${event.summary}`;
        if (http.kind === 'request') {
          if (tcp) lastMethod.set(`${event.from}:${tcp.srcPort}>${event.to}:${tcp.dstPort}`, http.method);
          if (!collected.requests.has(http.raw)) collected.requests.set(http.raw, { layer: http, where });
        } else {
          const head = tcp !== undefined && lastMethod.get(`${event.to}:${tcp.dstPort}>${event.from}:${tcp.srcPort}`) === 'HEAD';
          const key = `${head ? 'HEAD' : ''}${http.raw}`;
          if (!collected.responses.has(key)) collected.responses.set(key, { layer: http, head, where });
        }
      },
    });
  }
  return collected;
}

const flat = (headers: readonly (readonly [string, string])[]): string[] => headers.flatMap(([name, value]) => [name, value]);

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), 5000);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
  });
}

const listen = (server: Server | TcpServer): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe("every example's raw HTTP parses with Node's HTTP parser to the fields its layer shows", () => {
  const collected = collect();
  const sockets = new Set<Socket>();
  // One server of each kind for the whole file. The request server hands each parsed request to whoever waits for it.
  let waiting: ((parsed: Parsed) => void) | null = null;
  let parseError: ((error: Error) => void) | null = null;
  const requestServer = createServer((req, res) => {
    void readBody(req).then((body) => {
      waiting?.({ start: [req.method, req.url, req.httpVersion], rawHeaders: req.rawHeaders, body });
      res.writeHead(204, { Connection: 'close' }).end();
    });
  });
  requestServer.on('clientError', (error) => parseError?.(error));
  let pendingResponse = '';
  const responseServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(Buffer.from(pendingResponse, 'utf8')));
  });
  let requestPort = 0;
  let responsePort = 0;

  beforeAll(async () => {
    requestPort = await listen(requestServer);
    responsePort = await listen(responseServer);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    requestServer.closeAllConnections();
    await Promise.all([new Promise((resolve) => requestServer.close(resolve)), new Promise((resolve) => responseServer.close(resolve))]);
  });

  it('finds HTTP messages in every example that speaks HTTP', () => {
    expect(names).toContain('default');
    expect(collected.requests.size).toBeGreaterThan(0);
    expect(collected.responses.size).toBeGreaterThan(0);
  });

  it('parses every request as the layer says: method, target, version, headers in order, body', async () => {
    for (const [raw, { layer, where }] of collected.requests) {
      const parsed = await withTimeout(
        new Promise<Parsed>((resolve, reject) => {
          waiting = resolve;
          parseError = reject;
          const socket = connect(requestPort, '127.0.0.1', () => socket.write(Buffer.from(raw, 'utf8')));
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }),
        where,
      );
      expect(parsed, where).toEqual({ start: [layer.method, layer.target, layer.version.slice(5)], rawHeaders: flat(layer.headers), body: layer.body });
    }
  });

  it('parses every response as the layer says: status, reason, headers in order, body (none for HEAD)', async () => {
    for (const { layer, head, where } of collected.responses.values()) {
      pendingResponse = layer.raw;
      const parsed = await withTimeout(
        new Promise<Parsed>((resolve, reject) => {
          // Node hands a 101 to the request's 'upgrade' listener, and only to a request that asked for an upgrade.
          const upgrade = layer.status === 101 ? { headers: { Connection: 'Upgrade', Upgrade: 'websocket' } } : {};
          const req = httpRequest({ host: '127.0.0.1', port: responsePort, method: head ? 'HEAD' : 'GET', path: '/', agent: false, ...upgrade }, (res) => {
            void readBody(res).then((body) => resolve({ start: [res.statusCode, res.statusMessage, res.httpVersion], rawHeaders: res.rawHeaders, body }), reject);
          });
          req.on('upgrade', (res: IncomingMessage, socket: Socket) => {
            socket.destroy();
            resolve({ start: [res.statusCode, res.statusMessage, res.httpVersion], rawHeaders: res.rawHeaders, body: '' });
          });
          req.on('error', reject);
          req.end();
        }),
        where,
      );
      expect(parsed, where).toEqual({ start: [layer.status, layer.reason, layer.version.slice(5)], rawHeaders: flat(layer.headers), body: head ? '' : layer.body });
    }
  });
});

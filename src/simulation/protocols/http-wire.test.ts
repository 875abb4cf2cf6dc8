/**
 * Every HTTP message the default stack puts on the wire must be accepted by a real HTTP
 * parser: Node's own (llhttp), fed the raw bytes over loopback, must read the same fields.
 */
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type HttpRequestLayer, type HttpResponseLayer } from '../index.ts';
import { example } from '../test-support/documents.node.ts';

/** Every HTTP message of the default stack, with the hop it crossed ("browser>nginx"...). */
function httpMessages() {
  const messages: { hop: string; layer: HttpRequestLayer | HttpResponseLayer }[] = [];
  simulate(example('default'), {
    onEvent: (event) => {
      if (event.type !== 'send' || event.protocol !== 'http') return;
      const layer = event.message!.layers.find((candidate) => candidate.layer === 'http');
      if (layer?.layer === 'http') messages.push({ hop: `${event.from}>${event.to}`, layer });
    },
  });
  return messages;
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    message.setEncoding('utf8');
    message.on('data', (chunk: string) => (body += chunk));
    message.on('end', () => resolve(body));
  });
}

type Parsed = { method: string; url: string; version: string; rawHeaders: string[]; body: string };
let server: ReturnType<typeof createHttpServer>;
let port = 0;
const parsedRequests: Parsed[] = [];

beforeAll(async () => {
  server = createHttpServer(async (req, res) => {
    parsedRequests.push({ method: req.method!, url: req.url!, version: req.httpVersion, rawHeaders: req.rawHeaders, body: await readBody(req) });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function sendRaw(raw: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    socket.on('data', () => socket.end());
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

function pairs(rawHeaders: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) result.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return result;
}

describe('raw HTTP bytes a real parser accepts', () => {
  const messages = httpMessages();
  const layers = messages.map((message) => message.layer);

  it('finds requests and responses on both hops', () => {
    // Each request the browser makes (the page, then /favicon.ico) crosses both hops and is
    // answered on both: HTTP/1.1 between browser and nginx, HTTP/1.0 between nginx and Gunicorn.
    const on = (hop: string, kind: 'request' | 'response') => messages.filter((message) => message.hop === hop && message.layer.kind === kind).map((message) => message.layer.version);
    const exchanges = on('browser>nginx', 'request').length;
    expect(exchanges).toBeGreaterThan(0);
    const all = (version: string) => Array.from({ length: exchanges }, () => version);
    expect(on('browser>nginx', 'request')).toEqual(all('HTTP/1.1'));
    expect(on('nginx>app1', 'request')).toEqual(all('HTTP/1.0'));
    expect(on('app1>nginx', 'response')).toEqual(all('HTTP/1.0'));
    expect(on('nginx>browser', 'response')).toEqual(all('HTTP/1.1'));
    expect(messages).toHaveLength(4 * exchanges);
  });

  it("Node's parser reads every request as the trace describes it", async () => {
    for (const layer of layers) {
      if (layer.kind !== 'request') continue;
      parsedRequests.length = 0;
      await sendRaw(layer.raw);
      expect(parsedRequests).toHaveLength(1);
      const parsed = parsedRequests[0]!;
      expect(parsed.method).toBe(layer.method);
      expect(parsed.url).toBe(layer.target);
      expect(`HTTP/${parsed.version}`).toBe(layer.version);
      expect(pairs(parsed.rawHeaders)).toEqual(layer.headers);
      expect(parsed.body).toBe(layer.body);
    }
  });

  it("Node's parser reads every response as the trace describes it", async () => {
    for (const layer of layers) {
      if (layer.kind !== 'response') continue;
      const sockets = new Set<Socket>();
      const rawServer = createTcpServer((socket) => {
        sockets.add(socket);
        socket.end(layer.raw);
      });
      await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
      const rawPort = (rawServer.address() as AddressInfo).port;
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port: rawPort, path: '/', agent: false }, resolve).on('error', reject).end();
      });
      const body = await readBody(response);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => rawServer.close(() => resolve()));
      expect(response.statusCode).toBe(layer.status);
      expect(response.statusMessage).toBe(layer.reason);
      expect(`HTTP/${response.httpVersion}`).toBe(layer.version);
      expect(pairs(response.rawHeaders)).toEqual(layer.headers);
      expect(body).toBe(layer.body);
    }
  });
});

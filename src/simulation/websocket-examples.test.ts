/**
 * The WebSocket examples against RFC 6455 and ../shared/reference/websocket.json (a stdlib
 * echo server behind nginx 1.22.1). The recording's client used the RFC's sample key and a
 * fixed mask; the simulated browser draws both from the run's seed, so the recorded bytes are
 * compared with the run's key and its accept value put in their place. Regenerate a golden
 * trace with
 *   npm run -s simulate -- public/topologies/<name>.json > src/simulation/__golden__/<name>.trace.jsonl
 * and read the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPage, createPlayback, runToEnd, simulate, traceEventToJson, type HttpLayer, type TopologyDocument, type TraceEvent, type WebSocketLayer } from './index.ts';
import { example } from './test-support/documents.node.ts';
import { readReference } from './test-support/reference.node.ts';
import { acceptFor, decodeFrame } from './protocols/websocket.ts';

interface Case {
  request_sent: string;
  response_head: string;
  response_body?: string;
  server_echo_frame_hex?: string;
  server_close_frame_hex?: string;
  backend_received: string[];
}
const recording = readReference<{ cases: Record<string, Case>; nginx_access_log: string[] }>('websocket.json');
const crlf = (text: string) => text.replaceAll('\\r\\n', '\r\n');
const RFC_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

function run(document: TopologyDocument, seed?: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(document, { onEvent: (event) => events.push(event), ...(seed === undefined ? {} : { seed }) });
  return events;
}

const sends = (events: TraceEvent[], from: string, to: string) => events.filter((e) => e.type === 'send' && e.from === from && e.to === to);
const httpOf = (event: TraceEvent) => event.message!.layers.find((layer): layer is HttpLayer => layer.layer === 'http')!;
const wsOf = (event: TraceEvent) => event.message!.layers.find((layer): layer is WebSocketLayer => layer.layer === 'ws')!;
const frames = (events: TraceEvent[], from: string, to: string) => sends(events, from, to).filter((e) => e.protocol === 'ws').map(wsOf);

/** The run's key, and the recorded text with the RFC's key and accept value replaced by the run's. */
function withRunKey(events: TraceEvent[], recorded: string): string {
  const handshake = httpOf(sends(events, 'browser', 'nginx').find((e) => e.protocol === 'http')!);
  const key = handshake.headers.find(([name]) => name === 'Sec-WebSocket-Key')![1];
  return crlf(recorded).replaceAll(RFC_KEY, key).replaceAll(acceptFor(RFC_KEY), acceptFor(key));
}

/** The Date nginx wrote, put into the recorded text in place of the recording's. */
const withDate = (recorded: string, raw: string) => recorded.replace(/Date: [^\r]+/, /Date: [^\r]+/.exec(raw)![0]);

describe.each(['websocket-chat', 'websocket-proxy-missing-upgrade'])('golden trace of %s', (name) => {
  it('is produced line for line', () => {
    const golden = readFileSync(join(process.cwd(), `src/simulation/__golden__/${name}.trace.jsonl`), 'utf8').trimEnd().split('\n');
    expect(run(example(name)).map(traceEventToJson)).toEqual(golden);
  });

  it('is the same for the same seed, run twice, and another seed draws another key', () => {
    expect(run(example(name), 5).map(traceEventToJson)).toEqual(run(example(name), 5).map(traceEventToJson));
    const key = (events: TraceEvent[]) => httpOf(sends(events, 'browser', 'nginx').find((e) => e.protocol === 'http')!).headers.find(([header]) => header === 'Sec-WebSocket-Key')![1];
    expect(key(run(example(name), 5))).not.toBe(key(run(example(name), 6)));
  });
});

describe('websocket-chat: the upgrade through nginx with Upgrade and Connection passed on (via_nginx_with_upgrade_headers)', () => {
  const events = run(example('websocket-chat'));
  const recorded = recording.cases['via_nginx_with_upgrade_headers']!;

  it('the browser sends Chromium’s opening handshake: a GET with Upgrade, Connection: Upgrade, the page’s Origin, version 13 and a 16-byte key', () => {
    const request = httpOf(sends(events, 'browser', 'nginx').find((e) => e.protocol === 'http')!);
    expect(request.raw.split('\r\n')[0]).toBe('GET /ws/chat HTTP/1.1');
    expect(request.headers.map(([name]) => name)).toEqual([
      'Host', 'Connection', 'Pragma', 'Cache-Control', 'User-Agent', 'Upgrade', 'Origin', 'Sec-WebSocket-Version', 'Accept-Encoding', 'Accept-Language', 'Sec-WebSocket-Key', 'Sec-WebSocket-Extensions',
    ]);
    const value = (name: string) => request.headers.find(([header]) => header === name)![1];
    expect([value('Upgrade'), value('Connection'), value('Origin'), value('Sec-WebSocket-Version')]).toEqual(['websocket', 'Upgrade', 'http://example.com', '13']);
    expect(atob(value('Sec-WebSocket-Key'))).toHaveLength(16);
  });

  it('nginx sends the backend HTTP/1.1 with its proxy_set_header lines first, then Host, then the client’s own headers (backend_received)', () => {
    const upstream = httpOf(sends(events, 'nginx', 'chat').find((e) => e.protocol === 'http')!);
    const recordedHead = withRunKey(events, recorded.backend_received[0]!);
    expect(upstream.raw.split('\r\n').slice(0, 4)).toEqual(recordedHead.split('\r\n').slice(0, 4));
    const client = httpOf(sends(events, 'browser', 'nginx').find((e) => e.protocol === 'http')!);
    expect(upstream.headers.slice(3)).toEqual(client.headers.filter(([name]) => !['Host', 'Connection', 'Upgrade'].includes(name)));
  });

  it('nginx passes the 101 on with Server, Date and Connection: upgrade first, byte for byte as recorded', () => {
    const response = httpOf(sends(events, 'nginx', 'browser').find((e) => e.protocol === 'http')!);
    expect(response.raw).toBe(withDate(withRunKey(events, recorded.response_head), response.raw));
  });

  it('the server’s own 101 is the recorded direct_to_backend head', () => {
    const response = httpOf(sends(events, 'chat', 'nginx').find((e) => e.protocol === 'http')!);
    expect(response.raw).toBe(withRunKey(events, recording.cases['direct_to_backend']!.response_head));
  });

  it('frames go both ways: the browser’s masked, the server’s not, the echo and the close byte for byte as recorded', () => {
    const fromBrowser = frames(events, 'browser', 'nginx');
    const toBrowser = frames(events, 'nginx', 'browser');
    expect(fromBrowser.map((frame) => [frame.opcode, frame.text])).toEqual([['text', 'Hello'], ['text', 'How are you?'], ['pong', ''], ['close', '']]);
    expect(toBrowser.map((frame) => [frame.opcode, frame.text])).toEqual([['text', 'echo: Hello'], ['text', 'echo: How are you?'], ['ping', ''], ['close', '']]);
    expect(fromBrowser.every((frame) => frame.fin && frame.maskingKey !== null)).toBe(true);
    expect(toBrowser.every((frame) => frame.fin && frame.maskingKey === null)).toBe(true);
    expect(toBrowser[0]!.raw).toBe(recorded.server_echo_frame_hex);
    expect(toBrowser[3]!.raw).toBe(recorded.server_close_frame_hex);
    expect([fromBrowser[3]!.closeCode, toBrowser[3]!.closeCode]).toEqual([1000, 1000]);
    // The masked bytes on the wire decode back to the text, with the key the frame carries.
    const bytes = fromBrowser[0]!.raw.split(' ').map((byte) => parseInt(byte, 16));
    expect(decodeFrame(bytes)).toMatchObject({ ok: true, frame: { opcode: 'text', mask: fromBrowser[0]!.maskingKey!.split(' ').map((byte) => parseInt(byte, 16)) } });
  });

  it('nginx relays each frame unchanged, and writes the 101 to access.log when the tunnel closes', () => {
    expect(frames(events, 'nginx', 'chat').map((frame) => frame.raw)).toEqual(frames(events, 'browser', 'nginx').map((frame) => frame.raw));
    expect(frames(events, 'nginx', 'browser').map((frame) => frame.raw)).toEqual(frames(events, 'chat', 'nginx').map((frame) => frame.raw));
    const log = events.filter((e) => e.type === 'state' && e.from === 'nginx' && e.summary.startsWith('access.log'));
    expect(log.map((e) => e.summary)).toEqual(['access.log: "GET /ws/chat HTTP/1.1" 101 upstream=10.0.0.7:8765']);
    expect(recording.nginx_access_log[0]).toMatch(/GET \/ws\/chat HTTP\/1\.1 101$/);
    const lastFrame = sends(events, 'chat', 'nginx').filter((e) => e.protocol === 'ws').at(-1)!;
    expect(log[0]!.t).toBeGreaterThan(lastFrame.t);
  });

  it('the server closes the TCP connection first, after the close frames (RFC 6455 section 7.1.1)', () => {
    const fin = (from: string, to: string) => sends(events, from, to).find((e) => e.protocol === 'tcp' && e.summary.includes('[FIN, ACK]'))!;
    expect(fin('chat', 'nginx').t).toBeLessThan(fin('nginx', 'chat').t);
    expect(fin('nginx', 'browser').t).toBeLessThan(fin('browser', 'nginx').t);
  });

  it('the tab shows the socket closed with 1000 and every frame in order, as DevTools’ Messages tab lists them', () => {
    const playback = runToEnd(createPlayback(example('websocket-chat')));
    const page = browserPage(playback, 'browser');
    expect(page).toMatchObject({ kind: 'websocket', url: 'ws://example.com/ws/chat', state: 'closed', status: 101, closeCode: 1000, consoleError: null });
    if (page?.kind !== 'websocket') throw new Error('the tab shows no socket');
    expect(page.messages.map((message) => `${message.direction} ${message.opcode} ${message.data}`)).toEqual([
      'sent text Hello',
      'received text echo: Hello',
      'sent text How are you?',
      'received text echo: How are you?',
      'received ping ',
      'sent pong ',
      'sent close 1000',
      'received close 1000',
    ]);
  });
});

describe('websocket-proxy-missing-upgrade: a plain proxy_pass (via_nginx_plain_proxy_pass_no_upgrade_headers)', () => {
  const events = run(example('websocket-proxy-missing-upgrade'));
  const recorded = recording.cases['via_nginx_plain_proxy_pass_no_upgrade_headers']!;

  it('nginx sends an HTTP/1.0 GET with Host and Connection: close, and without Upgrade, as recorded', () => {
    const upstream = httpOf(sends(events, 'nginx', 'chat').find((e) => e.protocol === 'http')!);
    // The recording's nginx had this location at /ws-noupgrade/; the example keeps /ws/.
    const recordedHead = withRunKey(events, recorded.backend_received[0]!).replace('/ws-noupgrade/', '/ws/');
    expect(upstream.raw.split('\r\n').slice(0, 3)).toEqual(recordedHead.split('\r\n').slice(0, 3));
    expect(upstream.headers.some(([name]) => name === 'Upgrade')).toBe(false);
  });

  it('the backend refuses it, and nginx passes on the 400 byte for byte as recorded', () => {
    const response = httpOf(sends(events, 'nginx', 'browser').find((e) => e.protocol === 'http')!);
    const expected = withDate(crlf(recorded.response_head), response.raw) + recorded.response_body;
    expect(response.raw).toBe(expected);
  });

  it('the page’s console says why, in Chromium’s words, and no frame is ever sent', () => {
    const playback = runToEnd(createPlayback(example('websocket-proxy-missing-upgrade')));
    expect(browserPage(playback, 'browser')).toMatchObject({
      kind: 'websocket',
      state: 'failed',
      status: 400,
      consoleError: "WebSocket connection to 'ws://example.com/ws/chat' failed: Error during WebSocket handshake: Unexpected response code: 400",
    });
    expect(events.some((e) => e.protocol === 'ws')).toBe(false);
  });
});

describe('straight to the server, no proxy (direct_to_backend)', () => {
  const chat = example('websocket-chat');
  const direct: TopologyDocument = {
    ...chat,
    nodes: chat.nodes
      .filter((node) => node.id !== 'nginx')
      .map((node) => {
        if (node.id === 'dns') return { ...node, config: { ...node.config, records: [{ name: 'example.com', type: 'A', address: '10.0.0.7', ttl: 300 }] } };
        if (node.id === 'browser') return { ...node, config: { ...node.config, visits: [{ url: 'ws://example.com:8765/ws/chat', atMs: 0, messages: ['Hello'] }] } };
        return node;
      }),
    links: [...chat.links.filter((link) => link.from !== 'nginx' && link.to !== 'nginx'), { id: 'browser-chat', from: 'browser', to: 'chat', kind: 'network', latencyMs: 10 }],
  };
  const events = run(direct);
  const recorded = recording.cases['direct_to_backend']!;

  it('the server answers the browser’s handshake with the recorded 101, and echoes with the recorded frame', () => {
    const handshake = httpOf(sends(events, 'browser', 'chat').find((e) => e.protocol === 'http')!);
    expect(handshake.headers[0]).toEqual(['Host', 'example.com:8765']);
    const key = handshake.headers.find(([name]) => name === 'Sec-WebSocket-Key')![1];
    const response = httpOf(sends(events, 'chat', 'browser').find((e) => e.protocol === 'http')!);
    expect(response.raw).toBe(crlf(recorded.response_head).replace(acceptFor(RFC_KEY), acceptFor(key)));
    expect(frames(events, 'chat', 'browser')[0]!.raw).toBe(recorded.server_echo_frame_hex);
  });

  it('the server’s ping timer dies with the socket: nothing happens after the connection closes', () => {
    const lastFin = events.filter((e) => e.protocol === 'tcp' && e.summary.includes('[FIN, ACK]')).at(-1)!;
    expect(events.filter((e) => e.type === 'timer' && e.t > lastFin.t)).toEqual([]);
  });
});

/**
 * The default stack checked against the recordings in ../shared/reference/ (nginx 1.22.1,
 * Gunicorn 20.1.0, headless Chromium 156). Values are copied here with their source so the
 * suite runs without that folder.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type HttpLayer, type TcpLayer, type TraceEvent } from './index.ts';
import { example, exampleJson, mustImport, withConfig } from './test-support/documents.node.ts';
import { readReference } from './test-support/reference.node.ts';

function run(doc = example('default')): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(doc, { onEvent: (event) => events.push(event) });
  return events;
}

function http(event: TraceEvent): HttpLayer {
  return event.message!.layers.find((layer): layer is HttpLayer => layer.layer === 'http')!;
}

function tcp(event: TraceEvent): TcpLayer {
  return event.message!.layers.find((layer): layer is TcpLayer => layer.layer === 'tcp')!;
}

const sends = (events: TraceEvent[], from: string, to: string) => events.filter((e) => e.type === 'send' && e.from === from && e.to === to);

describe('nginx-proxy against the recorded proxy_set_header variant (http-raw.json, hop 2)', () => {
  it('sends Host, X-Real-IP, X-Forwarded-For and X-Forwarded-Proto as set, then Connection: close, then the client\'s headers', () => {
    const recorded = readReference<{ cases: Record<string, { hops: { request_bytes: string }[] }> }>('http-raw.json').cases['get_index_with_proxy_set_header_variant']!;
    // The recording: curl at 127.0.0.1 asked nginx for /index. Its set headers, with our client, host and path.
    // The recording writes CR LF as the four characters \r\n.
    const recordedLines = recorded.hops[1]!.request_bytes.replaceAll('\\r\\n', '\r\n').split('\r\n');
    const setLines = recordedLines.slice(1, recordedLines.indexOf('Connection: close') + 1);
    const events = run(example('nginx-proxy'));
    const request = http(sends(events, 'nginx', 'app1').find((e) => e.protocol === 'http')!);
    const client = http(sends(events, 'browser', 'nginx').find((e) => e.protocol === 'http')!);
    const passed = client.headers.filter(([name]) => !['host', 'connection'].includes(name.toLowerCase())).map(([name, value]) => `${name}: ${value}`);
    const expected = [recordedLines[0]!.replace('/index', '/'), ...setLines.map((line) => (line.startsWith('Host: ') ? 'Host: example.com' : line.replaceAll('127.0.0.1', '10.0.0.10'))), ...passed, '', ''];
    expect(request.raw.split('\r\n')).toEqual(expected);
  });
});

describe('the default stack against the recordings', () => {
  const events = run();

  it('nginx speaks HTTP/1.0 upstream with Host: $proxy_host and Connection: close first (http-raw.json, hop 2)', () => {
    const request = http(sends(events, 'nginx', 'app1').find((e) => e.protocol === 'http')!);
    expect(request.raw.startsWith('GET / HTTP/1.0\r\nHost: app\r\nConnection: close\r\n')).toBe(true);
    // The client's own headers follow, in the client's order, without Host and Connection.
    const browserRequest = http(sends(events, 'browser', 'nginx').find((e) => e.protocol === 'http')!);
    const passed = browserRequest.headers.filter(([name]) => !['host', 'connection'].includes(name.toLowerCase()));
    expect(request.headers.slice(2)).toEqual(passed);
  });

  it('Gunicorn answers in the request version with Server, Date, Connection: close before the app headers (http-raw.json)', () => {
    const response = http(sends(events, 'app1', 'nginx').find((e) => e.protocol === 'http')!);
    expect(response.kind).toBe('response');
    expect(response.raw.startsWith('HTTP/1.0 200 OK\r\nServer: gunicorn\r\nDate: ')).toBe(true);
    expect(response.headers.map(([name]) => name)).toEqual(['Server', 'Date', 'Connection', 'Content-Type', 'Content-Length']);
    expect(response.headers[2]).toEqual(['Connection', 'close']);
  });

  it('nginx answers the browser with its own header order and keep-alive (http-raw.json, hop 1)', () => {
    const response = http(sends(events, 'nginx', 'browser').find((e) => e.protocol === 'http')!);
    expect(response.headers.map(([name]) => name)).toEqual(['Server', 'Date', 'Content-Type', 'Content-Length', 'Connection']);
    expect(response.headers[0]).toEqual(['Server', 'nginx/1.22.1']);
    expect(response.headers[4]).toEqual(['Connection', 'keep-alive']);
    expect(response.raw).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.22\.1\r\nDate: Mon, 23 Nov 2026 20:15:27 GMT\r\n/);
  });

  it('every nginx-Gunicorn connection follows the recorded segment order (close initiated by Gunicorn)', () => {
    // One upstream connection per proxied request (the page, then Chromium's /favicon.ico):
    // each is checked on its own, told apart by nginx's ephemeral port.
    const shapes = new Map<number, string[]>();
    for (const e of events.filter((e) => e.type === 'send' && ((e.from === 'nginx' && e.to === 'app1') || (e.from === 'app1' && e.to === 'nginx')))) {
      const segment = tcp(e);
      const nginxPort = e.from === 'nginx' ? segment.srcPort : segment.dstPort;
      shapes.set(nginxPort, [...(shapes.get(nginxPort) ?? []), `${e.from === 'nginx' ? 'C->S' : 'S->C'} [${segment.flags.join(',')}]`]);
    }
    const requests = sends(events, 'nginx', 'app1').filter((e) => e.protocol === 'http');
    expect(requests.length).toBeGreaterThan(0);
    expect(shapes.size).toBe(requests.length);
    // Recorded: S, AS, A, AP (request), AP (response), AF from the server, AF from the client, A.
    // Pure ACKs of data segments are folded into the next segment (docs/engine.md).
    for (const shape of shapes.values()) {
      expect(shape).toEqual(['C->S [SYN]', 'S->C [SYN,ACK]', 'C->S [ACK]', 'C->S [PSH,ACK]', 'S->C [PSH,ACK]', 'S->C [FIN,ACK]', 'C->S [FIN,ACK]', 'S->C [ACK]']);
    }
  });

  it('keeps TCP sequence and acknowledgement numbers consistent on every connection', () => {
    const next = new Map<string, number>();
    for (const event of events.filter((e) => e.type === 'send' && e.message?.layers.some((l) => l.layer === 'tcp'))) {
      const ip = event.message!.layers[0] as { src: string; dst: string };
      const segment = tcp(event);
      const mine = `${ip.src}:${segment.srcPort}>${ip.dst}:${segment.dstPort}`;
      const theirs = `${ip.dst}:${segment.dstPort}>${ip.src}:${segment.srcPort}`;
      if (next.has(mine)) expect(segment.seq).toBe(next.get(mine));
      if (segment.flags.includes('ACK') && next.has(theirs)) expect(segment.ack).toBe(next.get(theirs));
      const consumed = segment.len + (segment.flags.includes('SYN') ? 1 : 0) + (segment.flags.includes('FIN') ? 1 : 0);
      next.set(mine, (segment.seq + consumed) >>> 0);
    }
    expect(next.size).toBeGreaterThan(4);
  });

  it("gives each segment the byte length of its payload's raw form, and Content-Length the body's", () => {
    for (const event of events.filter((e) => e.type === 'send' && e.protocol === 'http')) {
      const layer = http(event);
      expect(tcp(event).len).toBe(Buffer.byteLength(layer.raw));
      const contentLength = layer.headers.find(([name]) => name === 'Content-Length');
      if (contentLength) expect(Number(contentLength[1])).toBe(Buffer.byteLength(layer.body));
    }
  });

  it("sends Chromium's navigation headers as recorded (chromium-page-load.json)", () => {
    const request = http(sends(events, 'browser', 'nginx').find((e) => e.protocol === 'http')!);
    const names = request.headers.map(([name]) => name).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    expect(names).toEqual(['Accept', 'Accept-Encoding', 'Accept-Language', 'Connection', 'Host', 'Sec-Fetch-Dest', 'Sec-Fetch-Mode', 'Sec-Fetch-Site', 'Sec-Fetch-User', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'Upgrade-Insecure-Requests', 'User-Agent'].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  it('answers 502 with the exact recorded page when the upstream refuses the connection (nginx-responses.json)', () => {
    const doc = mustImport(withConfig(exampleJson('default'), 'nginx', { upstreams: [{ name: 'app', servers: [{ server: 'app1:9999' }] }] }));
    const failed = run(doc);
    // Every request the browser makes (the page, then /favicon.ico) meets the same refusal.
    const requests = sends(failed, 'browser', 'nginx').filter((e) => e.protocol === 'http');
    const responses = sends(failed, 'nginx', 'browser').filter((e) => e.protocol === 'http');
    expect(requests.length).toBeGreaterThan(0);
    expect(responses).toHaveLength(requests.length);
    for (const event of responses) {
      const response = http(event);
      expect(response.raw).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\nServer: nginx\/1\.22\.1\r\nDate: [^\r]+\r\nContent-Type: text\/html\r\nContent-Length: 157\r\nConnection: keep-alive\r\n\r\n/);
      expect(response.body).toBe('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n');
    }
    expect(failed.filter((e) => e.type === 'state' && e.summary.includes('connect() failed (111: Connection refused) while connecting to upstream'))).toHaveLength(requests.length);
    // One SYN per request, each answered by one RST: nothing else crosses that hop.
    expect(sends(failed, 'nginx', 'app1').map((e) => tcp(e).flags.join(','))).toEqual(requests.map(() => 'SYN'));
    expect(sends(failed, 'app1', 'nginx').map((e) => tcp(e).flags.join(','))).toEqual(requests.map(() => 'RST,ACK'));
  });
});

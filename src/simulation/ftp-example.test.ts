/**
 * The ftp-download example against RFC 959 and RFC 2428: the control connection's dialogue in
 * order, the separate data connection, and vsftpd 3.0.3's reply texts. Regenerate the golden
 * trace with
 *   npm run -s simulate -- public/topologies/ftp-download.json > src/simulation/__golden__/ftp-download.trace.jsonl
 * and read the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, traceEventToJson, type TcpLayer, type TopologyDocument, type TraceEvent } from './index.ts';
import { example } from './test-support/documents.node.ts';

function run(document: TopologyDocument, seed?: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(document, { onEvent: (event) => events.push(event), ...(seed === undefined ? {} : { seed }) });
  return events;
}

const dialogue = (events: TraceEvent[]) => events.filter((e) => e.type === 'send' && (e.protocol === 'ftp' || e.protocol === 'ftp-data')).map((e) => `${e.from}>${e.to} ${e.summary}`);
const tcpOf = (event: TraceEvent) => event.message!.layers.find((layer): layer is TcpLayer => layer.layer === 'tcp')!;

function withConfig(document: TopologyDocument, nodeId: string, config: Record<string, unknown>): TopologyDocument {
  return { ...document, nodes: document.nodes.map((node) => (node.id === nodeId ? { ...node, config: { ...node.config, ...config } } : node)) };
}

describe('golden trace of ftp-download', () => {
  it('is produced line for line', () => {
    const golden = readFileSync(join(process.cwd(), 'src/simulation/__golden__/ftp-download.trace.jsonl'), 'utf8').trimEnd().split('\n');
    expect(run(example('ftp-download')).map(traceEventToJson)).toEqual(golden);
  });

  it('is the same for the same seed, run twice', () => {
    expect(run(example('ftp-download'), 9).map(traceEventToJson)).toEqual(run(example('ftp-download'), 9).map(traceEventToJson));
  });
});

describe('ftp-download: RFC 959 in passive mode, EPSV (RFC 2428)', () => {
  const events = run(example('ftp-download'));

  it('logs in, asks for a data connection, retrieves the file and quits, in this order', () => {
    expect(dialogue(events)).toEqual([
      'files>curl Response: 220 (vsFTPd 3.0.3)',
      'curl>files Request: USER alice',
      'files>curl Response: 331 Please specify the password.',
      'curl>files Request: PASS secret',
      'files>curl Response: 230 Login successful.',
      'curl>files Request: EPSV',
      'files>curl Response: 229 Entering Extended Passive Mode (|||30000|)',
      'curl>files Request: TYPE I',
      'files>curl Response: 200 Switching to Binary mode.',
      'curl>files Request: RETR hello.txt',
      'files>curl Response: 150 Opening BINARY mode data connection for hello.txt (16 bytes).',
      'files>curl FTP Data: 16 bytes of hello.txt',
      'files>curl Response: 226 Transfer complete.',
      'curl>files Request: QUIT',
      'files>curl Response: 221 Goodbye.',
    ]);
  });

  it('the password travels in the clear, CRLF-terminated, as the line RFC 959 section 4.1.1 defines', () => {
    const pass = events.find((e) => e.type === 'send' && e.summary === 'Request: PASS secret')!;
    expect(pass.message!.layers.find((layer) => layer.layer === 'ftp')).toEqual({ layer: 'ftp', kind: 'command', command: 'PASS', argument: 'secret', raw: 'PASS secret\r\n' });
    expect(tcpOf(pass).len).toBe('PASS secret\r\n'.length);
  });

  it('the file comes on a second connection, to the port the 229 named, opened by the client after the reply', () => {
    const sends = events.filter((e) => e.type === 'send');
    const control = sends.filter((e) => e.protocol === 'ftp').map((e) => tcpOf(e));
    expect(new Set(control.map((segment) => (segment.dstPort === 21 ? segment.srcPort : segment.dstPort))).size).toBe(1);
    const data = sends.find((e) => e.protocol === 'ftp-data')!;
    expect(tcpOf(data).srcPort).toBe(30000);
    const dataSyn = sends.find((e) => e.protocol === 'tcp' && tcpOf(e).dstPort === 30000 && tcpOf(e).flags.join() === 'SYN')!;
    const reply229 = sends.find((e) => e.summary.startsWith('Response: 229'))!;
    expect(dataSyn.seq).toBeGreaterThan(reply229.seq);
    expect(tcpOf(dataSyn).srcPort).not.toBe(control[0]!.srcPort);
  });

  it('the server closes the data connection to mark the file’s end, then says 226 on the control connection', () => {
    const sends = events.filter((e) => e.type === 'send');
    const dataFin = sends.find((e) => e.protocol === 'tcp' && tcpOf(e).srcPort === 30000 && tcpOf(e).flags.includes('FIN'))!;
    const complete = sends.find((e) => e.summary === 'Response: 226 Transfer complete.')!;
    expect(dataFin.seq).toBeLessThan(complete.seq);
  });

  it('PASV gives the address and port as six numbers, and the client connects where they say', () => {
    const pasv = run(withConfig(example('ftp-download'), 'curl', { downloads: [{ url: 'ftp://alice:secret@files.example.com/hello.txt', atMs: 0, mode: 'PASV' }] }));
    expect(dialogue(pasv)).toContain('files>curl Response: 227 Entering Passive Mode (10,0,0,8,117,48).');
    expect(pasv.some((e) => e.type === 'send' && e.protocol === 'tcp' && tcpOf(e).dstPort === 117 * 256 + 48)).toBe(true);
  });

  it('a wrong password gets 530 and no data connection; a missing file gets 550', () => {
    const wrong = run(withConfig(example('ftp-download'), 'curl', { downloads: [{ url: 'ftp://alice:guess@files.example.com/hello.txt', atMs: 0, mode: 'EPSV' }] }));
    expect(dialogue(wrong).slice(3)).toEqual(['curl>files Request: PASS guess', 'files>curl Response: 530 Login incorrect.', 'curl>files Request: QUIT', 'files>curl Response: 221 Goodbye.']);
    const missing = run(withConfig(example('ftp-download'), 'curl', { downloads: [{ url: 'ftp://alice:secret@files.example.com/nope.txt', atMs: 0, mode: 'EPSV' }] }));
    expect(dialogue(missing)).toContain('files>curl Response: 550 Failed to open file.');
    expect(missing.some((e) => e.protocol === 'ftp-data')).toBe(false);
  });
});

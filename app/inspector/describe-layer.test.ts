import { describe, expect, it } from 'vitest';
import { createPlayback, runToEnd, type Layer } from '../../src/simulation/index.ts';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { describeLayer } from './describe-layer.ts';

const trace = runToEnd(createPlayback(example('default'))).events;
const layers = trace.flatMap((event) => (event.type === 'send' && event.message ? event.message.layers : []));
const first = <K extends Layer['layer']>(kind: K, match: (layer: Extract<Layer, { layer: K }>) => boolean = () => true) =>
  layers.find((layer): layer is Extract<Layer, { layer: K }> => layer.layer === kind && match(layer as Extract<Layer, { layer: K }>))!;

describe('describeLayer on the default page load', () => {
  it('names every field of every layer that crosses a link', () => {
    for (const layer of layers) {
      const view = describeLayer(layer);
      expect(view.title).not.toBe('');
      for (const item of view.fields) expect(item.value, `${view.title}: ${item.name}`).not.toMatch(/undefined|\[object/);
    }
  });

  it('shows TCP numbers as Wireshark does', () => {
    const syn = first('tcp', (layer) => layer.flags.join() === 'SYN');
    const synAck = first('tcp', (layer) => layer.flags.join() === 'SYN,ACK');
    const view = describeLayer(synAck);
    expect(view.title).toBe('Transmission Control Protocol');
    expect(view.fields).toContainEqual({ name: 'Flags', value: 'SYN, ACK' });
    // The SYN-ACK acknowledges the client's initial sequence number plus one.
    expect(view.fields).toContainEqual({ name: 'Acknowledgment number (raw)', value: String((syn.seq + 1) % 2 ** 32) });
  });

  it('gives HTTP its headers in wire order and its raw text unchanged', () => {
    const response = first('http', (layer) => layer.kind === 'response' && layer.version === 'HTTP/1.1');
    const view = describeLayer(response);
    expect(view.fields).toContainEqual({ name: 'Status code', value: '200' });
    expect(view.tables[0]!.rows.map((row) => row[0])).toEqual(response.headers.map(([name]) => name));
    expect(view.raw).toEqual({ label: 'Raw HTTP', text: response.raw });
  });

  it('lists the DNS question and answer records', () => {
    const answer = first('dns', (layer) => layer.qr === 'response');
    const view = describeLayer(answer);
    expect(view.fields).toContainEqual({ name: 'Transaction ID', value: `0x${answer.id.toString(16).padStart(4, '0')}` });
    expect(view.tables[0]!.rows).toEqual([['example.com', 'A', 'IN']]);
    expect(view.tables[1]!.rows).toEqual([['Answer', 'example.com', 'A', '300 s', '10.0.0.2']]);
  });

  it('shows the rows a query returned', () => {
    const result = first('sql', (layer) => layer.kind === 'result');
    const view = describeLayer(result);
    expect(view.tables[0]!.columns).toEqual(['title']);
    expect(view.tables[0]!.rows).toHaveLength(3);
  });

  it('shows the WSGI environ as key and value', () => {
    const call = first('wsgi', (layer) => layer.kind === 'call');
    const rows = describeLayer(call).tables[0]!.rows;
    expect(rows).toContainEqual(['REQUEST_METHOD', 'GET']);
    expect(rows).toContainEqual(['PATH_INFO', '/']);
  });
});

describe('describeLayer on the other examples', () => {
  const sent = (name: string) =>
    runToEnd(createPlayback(example(name)), 20_000).events.flatMap((event) => (event.type === 'send' && event.message ? event.message.layers : []));

  it('shows a referral with its authority and glue records', () => {
    const referral = sent('dns-full-resolution').find((layer) => layer.layer === 'dns' && layer.qr === 'response' && layer.authority.some((record) => record.type === 'NS'));
    expect(referral).toBeDefined();
    const view = describeLayer(referral!);
    const sections = view.tables[1]!.rows.map((row) => row[0]);
    expect(sections).toContain('Authority');
    expect(sections).toContain('Additional');
    expect(view.tables[1]!.rows.find((row) => row[0] === 'Authority')![2]).toBe('NS');
  });

  it('names a Redis command, its arguments and the RESP bytes', () => {
    const command = sent('login-server-session').find((layer) => layer.layer === 'redis' && layer.kind === 'command');
    expect(command).toBeDefined();
    const view = describeLayer(command!);
    expect(view.title).toBe('Redis protocol (RESP)');
    expect(view.fields[0]!.name).toBe('Command');
    expect(view.fields[1]).toEqual({ name: 'Argument 1', value: expect.stringMatching(/^session:/) });
    expect(view.raw?.text.startsWith('*')).toBe(true);
  });
});

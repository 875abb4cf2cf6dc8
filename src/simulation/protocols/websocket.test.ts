import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReference } from '../test-support/reference.node.ts';
import { acceptFor, base64, closePayload, decodeFrame, encodeFrame, frameByteLength, frameLayer, frameSummary, handshakeProblem, handshakeResponseProblem, hex, makeFrame, OPCODES, switchingProtocolsHeaders, textPayload, type Opcode } from './websocket.ts';
import { utf8Text } from './bytes.ts';

interface Recording {
  expected_accept_computed: string;
  cases: Record<string, { request_sent: string; response_head: string; client_text_frame_hex?: string; server_echo_frame_hex?: string; client_close_frame_hex?: string; server_close_frame_hex?: string }>;
}
const recording = readReference<Recording>('websocket.json');
const direct = recording.cases['direct_to_backend']!;
/** RFC 6455 section 5.7's masking key, which the recorded client used. */
const RFC_MASK = [0x37, 0xfa, 0x21, 0x3d];

describe('RFC 6455 opening handshake', () => {
  it('gives the RFC’s sample key the accept value the real server sent', () => {
    const key = /Sec-WebSocket-Key: (\S+)\\r\\n/.exec(direct.request_sent)![1]!;
    expect(key).toBe('dGhlIHNhbXBsZSBub25jZQ==');
    expect(acceptFor(key)).toBe(recording.expected_accept_computed);
    expect(direct.response_head).toContain(`Sec-WebSocket-Accept: ${acceptFor(key)}\\r\\n`);
  });

  it('encodes UTF-8 as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(textPayload(text)).toEqual([...new TextEncoder().encode(text)]);
      }),
    );
  });

  it('writes base64 with RFC 4648’s padding', () => {
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((text) => base64(textPayload(text)))).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
  });
});

describe('RFC 6455 frames', () => {
  it('encodes the recorded frames byte for byte', () => {
    expect(hex(encodeFrame({ fin: true, opcode: 'text', mask: RFC_MASK, payload: textPayload('Hello') }))).toBe(direct.client_text_frame_hex);
    expect(hex(encodeFrame({ fin: true, opcode: 'text', mask: undefined, payload: textPayload('echo: Hello') }))).toBe(direct.server_echo_frame_hex);
    expect(hex(encodeFrame({ fin: true, opcode: 'close', mask: RFC_MASK, payload: closePayload(1000) }))).toBe(direct.client_close_frame_hex);
    expect(hex(encodeFrame({ fin: true, opcode: 'close', mask: undefined, payload: closePayload(1000) }))).toBe(direct.server_close_frame_hex);
  });

  it('uses the 16- and 64-bit length forms from 126 and 65536 bytes on', () => {
    expect(encodeFrame({ fin: true, opcode: 'binary', mask: undefined, payload: new Array(126).fill(0) }).slice(0, 4)).toEqual([0x82, 126, 0, 126]);
    expect(encodeFrame({ fin: true, opcode: 'binary', mask: undefined, payload: new Array(65536).fill(0) }).slice(0, 10)).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('decodes what it encodes, for any frame (fast-check)', () => {
    const frame = fc.record({
      fin: fc.boolean(),
      opcode: fc.constantFrom(...(Object.keys(OPCODES) as Opcode[])),
      mask: fc.option(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), { nil: undefined }),
      payload: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }),
    });
    fc.assert(
      fc.property(frame, (value) => {
        const bytes = encodeFrame(value);
        expect(decodeFrame(bytes)).toEqual({ ok: true, frame: value, length: bytes.length });
      }),
    );
  });

  it('says why bytes are not a frame', () => {
    expect(decodeFrame([0x81])).toEqual({ ok: false, reason: 'a frame has at least two bytes' });
    expect(decodeFrame([0x83, 0])).toEqual({ ok: false, reason: 'opcode 3 is reserved' });
    expect(decodeFrame([0xc1, 0])).toEqual({ ok: false, reason: 'RSV1–3 are set, but no extension was negotiated' });
    expect(decodeFrame([0x81, 5, 0x48])).toEqual({ ok: false, reason: 'the frame says 5 payload bytes, but only 1 follow' });
  });

  it('names frames as Wireshark does', () => {
    expect(frameSummary({ fin: true, opcode: 'text', mask: RFC_MASK, payload: [] })).toBe('WebSocket Text [FIN] [MASKED]');
    expect(frameSummary({ fin: true, opcode: 'pong', mask: undefined, payload: [] })).toBe('WebSocket Pong [FIN]');
  });
});

describe('RFC 6455 section 4: what each side accepts', () => {
  const headers: [string, string][] = [
    ['Host', 'localhost'],
    ['Upgrade', 'websocket'],
    ['Connection', 'keep-alive, Upgrade'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Version', '13'],
  ];
  const request = (changes: Partial<{ method: string; version: string; headers: [string, string][] }> = {}) => ({ method: 'GET', version: 'HTTP/1.1', headers, ...changes });
  const without = (name: string) => headers.filter(([header]) => header !== name);

  it('a server accepts a GET with every handshake header, Connection holding upgrade among other tokens, names in any case', () => {
    expect(handshakeProblem(request())).toBeUndefined();
    expect(handshakeProblem(request({ headers: headers.map(([name, value]) => [name.toLowerCase(), value]) }))).toBeUndefined();
  });

  it('a server says why anything else is no handshake', () => {
    expect(handshakeProblem(request({ method: 'POST' }))).toBe('the method is POST, not GET');
    expect(handshakeProblem(request({ headers: without('Upgrade') }))).toBe('it has no Upgrade: websocket header');
    expect(handshakeProblem(request({ headers: [...without('Connection'), ['Connection', 'close']] }))).toBe('its Connection header does not say upgrade');
    expect(handshakeProblem(request({ version: 'HTTP/1.0' }))).toBe('the request is HTTP/1.0, and an upgrade needs HTTP/1.1');
    expect(handshakeProblem(request({ headers: without('Host') }))).toBe('it has no Host header');
    expect(handshakeProblem(request({ headers: [...without('Sec-WebSocket-Key'), ['Sec-WebSocket-Key', 'short']] }))).toBe('it has no Sec-WebSocket-Key of 16 bytes in base64');
    expect(handshakeProblem(request({ headers: [...without('Sec-WebSocket-Version'), ['Sec-WebSocket-Version', '8']] }))).toBe('its Sec-WebSocket-Version is not 13');
  });

  it('the server’s 101 is the recorded head', () => {
    const head = ['HTTP/1.1 101 Switching Protocols', ...switchingProtocolsHeaders('dGhlIHNhbXBsZSBub25jZQ==').map(([name, value]) => `${name}: ${value}`)].join('\\r\\n') + '\\r\\n\\r\\n';
    expect(head).toBe(direct.response_head);
  });

  it('a client opens only on a 101 with Upgrade, Connection and the accept value of its own key, and says why not in Chromium’s words', () => {
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const good = switchingProtocolsHeaders(key);
    expect(handshakeResponseProblem(101, good, key)).toBeUndefined();
    expect(handshakeResponseProblem(400, [], key)).toBe('Unexpected response code: 400');
    expect(handshakeResponseProblem(101, good.filter(([name]) => name !== 'Upgrade'), key)).toBe("'Upgrade' header is missing");
    expect(handshakeResponseProblem(101, good.filter(([name]) => name !== 'Connection'), key)).toBe("'Connection' header is missing");
    expect(handshakeResponseProblem(101, switchingProtocolsHeaders('x3JJHMbDL1EzLkh9GBhXDw=='), key)).toBe("Incorrect 'Sec-WebSocket-Accept' header value");
  });
});

describe('the frame as the inspector shows it', () => {
  it('reads the text back from the masked bytes, and a close frame’s code and reason', () => {
    expect(frameLayer(makeFrame('text', textPayload('Hello'), RFC_MASK))).toEqual({
      layer: 'ws',
      fin: true,
      opcode: 'text',
      maskingKey: '37 fa 21 3d',
      payloadLength: 5,
      text: 'Hello',
      closeCode: null,
      raw: direct.client_text_frame_hex,
    });
    expect(frameLayer(makeFrame('close', closePayload(1001, 'going away')))).toMatchObject({ closeCode: 1001, text: 'going away', maskingKey: null });
  });

  it('counts the bytes a frame takes on the wire, for any frame (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), fc.boolean(), (payload, masked) => {
        const frame = makeFrame('binary', [...payload], masked ? RFC_MASK : undefined);
        expect(frameByteLength(frame)).toBe(encodeFrame(frame).length);
      }),
      { numRuns: 50 },
    );
  });

  it('reads UTF-8 back as text, and bytes that are not UTF-8 as U+FFFD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(utf8Text(textPayload(text))).toBe(text);
      }),
    );
    expect(utf8Text([0x48, 0xff, 0x69])).toBe('H\ufffdi');
  });
});

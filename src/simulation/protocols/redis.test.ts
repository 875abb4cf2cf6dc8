import { describe, expect, it } from 'vitest';
import type { RedisCommandPayload } from '../engine/packet.ts';
import { commandByteLength, encodeCommand, encodeReply, redisSummary, replyByteLength } from './redis.ts';

const command = (...args: string[]): RedisCommandPayload => ({ protocol: 'redis', kind: 'command', args });

describe('RESP2 encoding', () => {
  it('sends a command as an array of bulk strings, lengths in bytes', () => {
    const set = command('SETEX', 'session:abc', '60', '{"user":"é"}');
    expect(encodeCommand(set)).toBe('*4\r\n$5\r\nSETEX\r\n$11\r\nsession:abc\r\n$2\r\n60\r\n$13\r\n{"user":"é"}\r\n');
    expect(commandByteLength(set)).toBe(Buffer.byteLength(encodeCommand(set)));
  });

  it('writes each reply type', () => {
    expect(encodeReply({ type: 'simple', value: 'OK' })).toBe('+OK\r\n');
    expect(encodeReply({ type: 'error', value: 'ERR syntax error' })).toBe('-ERR syntax error\r\n');
    expect(encodeReply({ type: 'integer', value: -2 })).toBe(':-2\r\n');
    expect(encodeReply({ type: 'bulk', value: 'hello' })).toBe('$5\r\nhello\r\n');
    expect(encodeReply({ type: 'bulk', value: null })).toBe('$-1\r\n');
    expect(replyByteLength({ type: 'bulk', value: 'é' })).toBe(Buffer.byteLength('$2\r\né\r\n'));
  });

  it('summarises like redis-cli MONITOR and the reply like the wire', () => {
    expect(redisSummary(command('GET', 'session:abc'))).toBe('GET session:abc');
    expect(redisSummary(command('SET', 'k', 'two words'))).toBe('SET k "two words"');
    expect(redisSummary({ protocol: 'redis', kind: 'reply', reply: { type: 'simple', value: 'OK' } })).toBe('+OK');
    expect(redisSummary({ protocol: 'redis', kind: 'reply', reply: { type: 'bulk', value: null } })).toBe('$-1 (nil)');
  });
});

import type { RedisCommandPayload, RedisReply, RedisReplyPayload } from '../engine/packet.ts';
import { utf8Length } from './bytes.ts';

/**
 * RESP2, the Redis serialization protocol (https://redis.io/docs/reference/protocol-spec/).
 * A client sends a command as an array of bulk strings: `*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n...`.
 * The server answers with one reply: a simple string (`+OK\r\n`), an error (`-ERR ...\r\n`),
 * an integer (`:1\r\n`) or a bulk string (`$5\r\nhello\r\n`, or `$-1\r\n` for nil).
 */

/** The exact bytes of a command, as text with CRLF line endings. */
export function encodeCommand(command: RedisCommandPayload): string {
  let raw = `*${command.args.length}\r\n`;
  for (const arg of command.args) raw += `$${utf8Length(arg)}\r\n${arg}\r\n`;
  return raw;
}

/** The byte length of encodeCommand(command), without building it. */
export function commandByteLength(command: RedisCommandPayload): number {
  let length = digits(command.args.length) + 3;
  for (const arg of command.args) {
    const size = utf8Length(arg);
    length += digits(size) + 3 + size + 2;
  }
  return length;
}

/** The exact bytes of a reply. */
export function encodeReply(reply: RedisReply): string {
  switch (reply.type) {
    case 'simple':
      return `+${reply.value}\r\n`;
    case 'error':
      return `-${reply.value}\r\n`;
    case 'integer':
      return `:${reply.value}\r\n`;
    case 'bulk':
      return reply.value === null ? '$-1\r\n' : `$${utf8Length(reply.value)}\r\n${reply.value}\r\n`;
  }
}

export function replyByteLength(reply: RedisReply): number {
  return utf8Length(encodeReply(reply));
}

function digits(value: number): number {
  return String(value).length;
}

/** A command line as redis-cli MONITOR shows it: arguments quoted when they hold spaces or quotes. */
function quoted(arg: string): string {
  return /^[^\s"'\\]+$/.test(arg) ? arg : JSON.stringify(arg);
}

/** One line for the event log: `SET session:abc {"user":"x"} EX 2678400`, `+OK`, `$-1 (nil)`. */
export function redisSummary(payload: RedisCommandPayload | RedisReplyPayload): string {
  if (payload.kind === 'command') return payload.args.map(quoted).join(' ');
  const reply = payload.reply;
  switch (reply.type) {
    case 'simple':
      return `+${reply.value}`;
    case 'error':
      return `-${reply.value}`;
    case 'integer':
      return `:${reply.value}`;
    case 'bulk':
      return reply.value === null ? '$-1 (nil)' : `$${utf8Length(reply.value)} ${quoted(reply.value)}`;
  }
}

/** The reply's RESP type by the name the protocol spec gives it. */
export function replyTypeName(reply: RedisReply): 'simple string' | 'error' | 'integer' | 'bulk string' | 'null bulk string' {
  switch (reply.type) {
    case 'simple':
      return 'simple string';
    case 'error':
      return 'error';
    case 'integer':
      return 'integer';
    case 'bulk':
      return reply.value === null ? 'null bulk string' : 'bulk string';
  }
}

export const OK: RedisReply = { type: 'simple', value: 'OK' };
export const NIL: RedisReply = { type: 'bulk', value: null };

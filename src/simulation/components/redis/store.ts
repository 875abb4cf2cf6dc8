import type { RedisReply } from '../../engine/packet.ts';
import { NIL, OK } from '../../protocols/redis.ts';

/** One key: its string value and when it expires (virtual ms), or null for no expiry. */
export interface RedisEntry {
  readonly value: string;
  readonly expiresAt: number | null;
}

export type RedisKeys = ReadonlyMap<string, RedisEntry>;

/** What a command did: its reply and the keys afterwards (the same map when nothing changed). */
export interface Executed {
  readonly reply: RedisReply;
  readonly keys: RedisKeys;
}

const error = (value: string): RedisReply => ({ type: 'error', value });
const integer = (value: number): RedisReply => ({ type: 'integer', value });
const wrongArity = (name: string): RedisReply => error(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
const NOT_INTEGER = error('ERR value is not an integer or out of range');

function parseSeconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The entry of a key that has not expired yet: Redis expires keys lazily, when they are touched. */
function live(keys: RedisKeys, key: string, now: number): RedisEntry | undefined {
  const entry = keys.get(key);
  return entry && (entry.expiresAt === null || entry.expiresAt > now) ? entry : undefined;
}

function changed(keys: RedisKeys, inPlace: boolean): Map<string, RedisEntry> {
  return inPlace ? (keys as Map<string, RedisEntry>) : new Map(keys);
}

/**
 * Runs one command on the keys at virtual time `now`, as Redis 7 answers it: GET, SET (with
 * EX, PX, NX, XX), SETEX, DEL, EXPIRE, TTL, EXISTS and PING. Anything else is an error reply.
 */
export function execute(keys: RedisKeys, args: readonly string[], now: number, inPlace: boolean): Executed {
  const name = (args[0] ?? '').toUpperCase();
  const key = args[1] ?? '';
  switch (name) {
    case 'PING':
      return { reply: args.length > 1 ? { type: 'bulk', value: args[1]! } : { type: 'simple', value: 'PONG' }, keys };
    case 'GET':
      if (args.length !== 2) return { reply: wrongArity(name), keys };
      return { reply: { type: 'bulk', value: live(keys, key, now)?.value ?? null }, keys };
    case 'SET':
      return set(keys, args, now, inPlace);
    case 'SETEX': {
      if (args.length !== 4) return { reply: wrongArity(name), keys };
      const seconds = parseSeconds(args[2]);
      if (seconds === undefined) return { reply: NOT_INTEGER, keys };
      if (seconds <= 0) return { reply: error("ERR invalid expire time in 'setex' command"), keys };
      const next = changed(keys, inPlace);
      next.set(key, { value: args[3]!, expiresAt: now + seconds * 1000 });
      return { reply: OK, keys: next };
    }
    case 'DEL': {
      if (args.length < 2) return { reply: wrongArity(name), keys };
      let removed = 0;
      let next: Map<string, RedisEntry> | undefined;
      for (const target of args.slice(1)) {
        if (!keys.has(target)) continue;
        if (live(keys, target, now)) removed += 1;
        next ??= changed(keys, inPlace);
        next.delete(target);
      }
      return { reply: integer(removed), keys: next ?? keys };
    }
    case 'EXISTS':
      if (args.length < 2) return { reply: wrongArity(name), keys };
      return { reply: integer(args.slice(1).filter((target) => live(keys, target, now)).length), keys };
    case 'EXPIRE': {
      if (args.length !== 3) return { reply: wrongArity(name), keys };
      const seconds = parseSeconds(args[2]);
      if (seconds === undefined) return { reply: NOT_INTEGER, keys };
      const entry = live(keys, key, now);
      if (!entry) return { reply: integer(0), keys };
      const next = changed(keys, inPlace);
      // A time in the past deletes the key at once.
      if (seconds <= 0) next.delete(key);
      else next.set(key, { value: entry.value, expiresAt: now + seconds * 1000 });
      return { reply: integer(1), keys: next };
    }
    case 'TTL': {
      if (args.length !== 2) return { reply: wrongArity(name), keys };
      const entry = live(keys, key, now);
      if (!entry) return { reply: integer(-2), keys };
      return { reply: integer(entry.expiresAt === null ? -1 : Math.round((entry.expiresAt - now) / 1000)), keys };
    }
    default: {
      const rest = args
        .slice(1)
        .map((arg) => `'${arg}' `)
        .join('');
      return { reply: error(`ERR unknown command '${args[0] ?? ''}', with args beginning with: ${rest}`), keys };
    }
  }
}

/** SET key value [EX seconds | PX milliseconds] [NX | XX]. */
function set(keys: RedisKeys, args: readonly string[], now: number, inPlace: boolean): Executed {
  if (args.length < 3) return { reply: wrongArity('SET'), keys };
  const key = args[1]!;
  let expiresAt: number | null = null;
  let condition: 'NX' | 'XX' | null = null;
  for (let index = 3; index < args.length; index++) {
    const option = args[index]!.toUpperCase();
    if (option === 'NX' || option === 'XX') condition = option;
    else if (option === 'EX' || option === 'PX') {
      const amount = parseSeconds(args[index + 1]);
      if (amount === undefined) return { reply: NOT_INTEGER, keys };
      if (amount <= 0) return { reply: error("ERR invalid expire time in 'set' command"), keys };
      expiresAt = now + (option === 'EX' ? amount * 1000 : amount);
      index += 1;
    } else return { reply: error('ERR syntax error'), keys };
  }
  const exists = live(keys, key, now) !== undefined;
  if ((condition === 'NX' && exists) || (condition === 'XX' && !exists)) return { reply: NIL, keys };
  const next = changed(keys, inPlace);
  next.set(key, { value: args[2]!, expiresAt });
  return { reply: OK, keys: next };
}

import { describe, expect, it } from 'vitest';
import { execute, type RedisKeys } from './store.ts';

function run(keys: RedisKeys, now: number, ...args: string[]) {
  return execute(keys, args, now, false);
}

describe('the Redis keyspace', () => {
  it('SET then GET; nil for a missing key', () => {
    const set = run(new Map(), 0, 'SET', 'k', 'v');
    expect(set.reply).toEqual({ type: 'simple', value: 'OK' });
    expect(run(set.keys, 1, 'GET', 'k').reply).toEqual({ type: 'bulk', value: 'v' });
    expect(run(set.keys, 1, 'GET', 'other').reply).toEqual({ type: 'bulk', value: null });
  });

  it('expires keys in virtual time: SETEX, TTL, then gone after the lifetime', () => {
    const { keys } = run(new Map(), 1000, 'SETEX', 'session:a', '60', '{}');
    expect(run(keys, 1000, 'TTL', 'session:a').reply).toEqual({ type: 'integer', value: 60 });
    expect(run(keys, 31_000, 'TTL', 'session:a').reply).toEqual({ type: 'integer', value: 30 });
    expect(run(keys, 61_000, 'GET', 'session:a').reply).toEqual({ type: 'bulk', value: null });
    expect(run(keys, 61_000, 'TTL', 'session:a').reply).toEqual({ type: 'integer', value: -2 });
  });

  it('SET EX, EXPIRE, DEL and a key without expiry', () => {
    let keys = run(new Map(), 0, 'SET', 'k', 'v', 'EX', '10').keys;
    expect(run(keys, 0, 'TTL', 'k').reply).toEqual({ type: 'integer', value: 10 });
    keys = run(keys, 0, 'EXPIRE', 'k', '100').keys;
    expect(run(keys, 0, 'TTL', 'k').reply).toEqual({ type: 'integer', value: 100 });
    keys = run(keys, 0, 'SET', 'plain', 'x').keys;
    expect(run(keys, 0, 'TTL', 'plain').reply).toEqual({ type: 'integer', value: -1 });
    const deleted = run(keys, 0, 'DEL', 'k', 'missing');
    expect(deleted.reply).toEqual({ type: 'integer', value: 1 });
    expect(run(deleted.keys, 0, 'GET', 'k').reply).toEqual({ type: 'bulk', value: null });
  });

  it('answers errors as Redis 7 words them, and leaves the keys alone', () => {
    const keys = new Map();
    expect(run(keys, 0, 'GET').reply).toEqual({ type: 'error', value: "ERR wrong number of arguments for 'get' command" });
    expect(run(keys, 0, 'FLY', 'a').reply).toEqual({ type: 'error', value: "ERR unknown command 'FLY', with args beginning with: 'a' " });
    expect(run(keys, 0, 'SETEX', 'k', 'soon', 'v').reply).toEqual({ type: 'error', value: 'ERR value is not an integer or out of range' });
    expect(run(keys, 0, 'GET').keys).toBe(keys);
  });
});

/**
 * nginx's choice of upstream server. The two recorded sets come from
 * ../shared/reference/nginx-upstream-order.json (20 sequential requests, nginx 1.22.1, one
 * worker process); the others follow ngx_http_upstream_get_peer's published algorithm.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReference } from '../../test-support/reference.node.ts';
import { example } from '../../test-support/documents.node.ts';
import { simulate } from '../../index.ts';
import { chooseUpstreamServer, FRESH_MEMORY, recordTry, smoothWeighted, type BalancedServer, type BalancingMethod, type PeerMemory } from './upstream-balancer.ts';

const recording = readReference<{ configs: Record<string, { served_by_compact: string }> }>('nginx-upstream-order.json').configs;

const server = (weight = 1, flags: Partial<BalancedServer> = {}): BalancedServer => ({ server: 'x', weight, down: false, backup: false, max_fails: 1, fail_timeout: 10, ...flags });
const LETTERS = 'ABCDEFGH';

/** The letters of the servers chosen for `count` requests in a row. */
function sequence(servers: readonly BalancedServer[], count: number, method: BalancingMethod = 'round_robin', clientAddress = '10.0.0.10'): string {
  let memory: PeerMemory = FRESH_MEMORY;
  let letters = '';
  for (let request = 0; request < count; request++) {
    const choice = chooseUpstreamServer(method, servers, memory, { clientAddress, active: servers.map(() => 0), tried: [], now: 0 });
    memory = choice.memory;
    letters += choice.index < 0 ? '-' : LETTERS[choice.index];
  }
  return letters;
}

describe('smooth weighted round-robin, as recorded', () => {
  it('weight=3 beside a default server gives AABA, again and again (weights_3_1)', () => {
    expect(sequence([server(3), server(1)], 20)).toBe(recording['weights_3_1']!.served_by_compact);
  });

  it('three default servers take turns (weights_1_1_1)', () => {
    expect(sequence([server(), server(), server()], 20)).toBe(recording['weights_1_1_1']!.served_by_compact);
  });
});

describe('smooth weighted round-robin, from the algorithm', () => {
  it('spreads 5, 1, 1 as nginx’s own comment in ngx_http_upstream_round_robin.c says: a a b a c a a', () => {
    expect(sequence([server(5), server(1), server(1)], 7)).toBe('AABACAA');
  });

  it('gives 2, 1 as ABA, and 4, 2, 1 as ABACABA', () => {
    expect(sequence([server(2), server(1)], 6)).toBe('ABAABA');
    expect(sequence([server(4), server(2), server(1)], 7)).toBe('ABACABA');
  });

  it('in every run of total-weight requests, each server is chosen exactly its weight times, and the weights come back to zero (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), (weights, rounds) => {
        const servers = weights.map((weight) => server(weight));
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        const letters = sequence(servers, total * rounds);
        weights.forEach((weight, index) => expect([...letters].filter((letter) => letter === LETTERS[index]).length).toBe(weight * rounds));
        let state: PeerMemory = FRESH_MEMORY;
        for (let request = 0; request < total; request++) state = smoothWeighted(servers, state, () => true).memory;
        expect(state.current.every((value) => value === 0)).toBe(true);
      }),
    );
  });
});

describe('down and backup', () => {
  it('skips a server marked down', () => {
    expect(sequence([server(), server(1, { down: true }), server()], 6)).toBe('ACACAC');
  });

  it('uses the backup servers only when no primary server is live, and says so when none is', () => {
    expect(sequence([server(), server(1, { backup: true })], 4)).toBe('AAAA');
    expect(sequence([server(1, { down: true }), server(1, { backup: true })], 3)).toBe('BBB');
    expect(sequence([server(1, { down: true }), server(1, { backup: true, down: true })], 2)).toBe('--');
  });
});

describe('failures: proxy_next_upstream, max_fails and fail_timeout', () => {
  const two = [server(), server()];
  const pick = (memory: PeerMemory, now: number, tried: number[] = []) => chooseUpstreamServer('round_robin', two, memory, { clientAddress: '10.0.0.10', active: [0, 0], tried, now });

  it('skips a server this request already tried, and has none left when both were', () => {
    expect(pick(FRESH_MEMORY, 0, [0]).index).toBe(1);
    expect(pick(FRESH_MEMORY, 0, [0, 1]).index).toBe(-1);
  });

  it('leaves a server that failed max_fails times out for fail_timeout seconds, then tries it again', () => {
    const { memory, disabled } = recordTry(two, pick(FRESH_MEMORY, 0).memory, 0, 'failed', 100);
    expect(disabled).toBe(true);
    let state = memory;
    let letters = '';
    for (const now of [101, 105, 110, 111, 112, 113, 114]) {
      const choice = pick(state, now);
      state = choice.memory;
      letters += LETTERS[choice.index];
    }
    // Out until 110 (now - checked <= fail_timeout); from 111 in the rotation again, its
    // effective weight climbing back from 0 (1 - 1/1), so it wins a little later.
    expect(letters.slice(0, 3)).toBe('BBB');
    expect(letters.slice(3)).toMatch(/A/);
  });

  it('lowers a failed server’s effective weight by weight / max_fails, and lets it climb back by one per choice', () => {
    const weighted = [server(4, { max_fails: 2 }), server(1)];
    const { memory, disabled } = recordTry(weighted, FRESH_MEMORY, 0, 'failed', 0);
    expect(disabled).toBe(false);
    expect(memory.effective).toEqual([2, 1]);
    expect(smoothWeighted(weighted, memory, () => true).memory.effective).toEqual([3, 1]);
  });

  it('a success after the server was checked again clears its failures', () => {
    const failed = recordTry(two, FRESH_MEMORY, 0, 'failed', 100).memory;
    const checked = pick(failed, 111, [1]).memory;
    expect(recordTry(two, checked, 0, 'ok', 111).memory.fails[0]).toBe(0);
  });
});

describe('least_conn', () => {
  it('picks the server with the fewest active connections for its weight', () => {
    const servers = [server(), server(), server()];
    expect(chooseUpstreamServer('least_conn', servers, FRESH_MEMORY, { clientAddress: '10.0.0.10', active: [2, 0, 1], tried: [], now: 0 }).index).toBe(1);
    // conns / weight: 3/3 is less than 2/1.
    expect(chooseUpstreamServer('least_conn', [server(3), server(1)], FRESH_MEMORY, { clientAddress: '10.0.0.10', active: [3, 2], tried: [], now: 0 }).index).toBe(0);
  });

  it('shares ties by weighted round-robin: with nothing open it takes turns', () => {
    expect(sequence([server(), server()], 4, 'least_conn')).toBe('ABAB');
  });
});

describe('ip_hash', () => {
  // ngx_http_upstream_get_ip_hash_peer by hand for 10.0.0.x: 89 → (89·113 + 10) mod 6271 = 3796
  // → 3796·113 mod 6271 = 2520 → 2520·113 mod 6271 = 2565; hashing on: 1753, 5403, …
  it('hashes the first three octets, so every client of 10.0.0.0/24 lands on the same server', () => {
    expect(sequence([server(), server()], 3, 'ip_hash', '10.0.0.10')).toBe('BBB'); // 2565 mod 2 = 1
    expect(sequence([server(), server()], 1, 'ip_hash', '10.0.0.99')).toBe('B');
    expect(sequence([server(), server(), server()], 1, 'ip_hash', '10.0.0.10')).toBe('A'); // 2565 mod 3 = 0
    expect(sequence([server(2), server(1)], 1, 'ip_hash', '10.0.0.10')).toBe('A'); // 2565 mod 3 = 0, within A's weight of 2
  });

  it('hashes again from where it was when the server is down', () => {
    expect(sequence([server(1, { down: true }), server(), server()], 1, 'ip_hash', '10.0.0.10')).toBe('B'); // 1753 mod 3 = 1
  });
});

describe('nginx-weighted-upstream, run whole', () => {
  it('serves the requests in the recorded order, and the access log says which instance served each', () => {
    const lines: string[] = [];
    simulate(example('nginx-weighted-upstream'), { onEvent: (event) => event.type === 'state' && event.summary.startsWith('access.log') && lines.push(event.summary) });
    const letters = lines.map((line) => (line.endsWith('upstream=10.0.0.3:8000') ? 'A' : line.endsWith('upstream=10.0.0.4:8000') ? 'B' : '?')).join('');
    expect(letters).toBe(recording['weights_3_1']!.served_by_compact.slice(0, lines.length));
    expect(lines).toHaveLength(9);
  });
});

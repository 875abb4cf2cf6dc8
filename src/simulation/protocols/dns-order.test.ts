import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/rng.ts';
import { rotatedAnswer, shuffledAnswer } from './dns-order.ts';
import { readReference } from '../test-support/reference.node.ts';

const reference = readReference('dns-round-robin.json') as {
  servers: { dnsmasq: { orders: string[][] } };
};

describe('rotatedAnswer: dnsmasq’s round robin', () => {
  it('gives the orders dnsmasq 2.90 answered six queries with, records listed .2 .3 .4', () => {
    const records = ['172.18.0.2', '172.18.0.3', '172.18.0.4'];
    const orders = reference.servers.dnsmasq.orders.map((_, index) => rotatedAnswer(records, index + 1));
    expect(orders).toEqual(reference.servers.dnsmasq.orders);
  });

  it('moves one place per answer and comes back after as many answers as records', () => {
    const records = ['a', 'b', 'c', 'd'];
    expect(rotatedAnswer(records, 4)).toEqual(rotatedAnswer(records, 0));
    expect(rotatedAnswer(records, 2)).toEqual([...rotatedAnswer(records, 1).slice(1), rotatedAnswer(records, 1)[0]]);
  });
});

describe('shuffledAnswer: BIND’s random order', () => {
  it('is the same for the same seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () => shuffledAnswer(['a', 'b', 'c'], rng).join(''));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('gives every permutation over many answers, each keeping all records', () => {
    const rng = createRng(1);
    const seen = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const order = shuffledAnswer(['a', 'b', 'c'], rng);
      expect([...order].sort()).toEqual(['a', 'b', 'c']);
      seen.set(order.join(''), (seen.get(order.join('')) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    for (const count of seen.values()) expect(count).toBeGreaterThan(60);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from './queue.ts';

describe('EventQueue', () => {
  it('breaks ties by insertion order: items due at the same time come out as scheduled', () => {
    const queue = new EventQueue<string>();
    queue.push(5, 'b');
    queue.push(5, 'c');
    queue.push(1, 'a');
    queue.push(5, 'd');
    const order: string[] = [];
    for (let entry = queue.pop(); entry; entry = queue.pop()) order.push(entry.item);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('pops in (time, insertion) order for any schedule', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const queue = new EventQueue<number>();
        times.forEach((time, index) => queue.push(time, index));
        const popped: [number, number][] = [];
        for (let entry = queue.pop(); entry; entry = queue.pop()) popped.push([entry.time, entry.item]);
        const expected = times.map((time, index): [number, number] => [time, index]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
    );
  });
});

/**
 * The event queue: a binary min-heap ordered by (time, seq). `seq` is given at insertion and
 * strictly increases, so two items due at the same virtual time come out in the order they
 * were scheduled: the run never depends on the heap's internal layout.
 *
 * @example
 *   const q = new EventQueue<string>();
 *   q.push(5, 'b'); q.push(5, 'c'); q.push(1, 'a');
 *   q.pop()?.item; // 'a', then 'b', then 'c'
 */
export interface QueueEntry<T> {
  readonly time: number;
  readonly seq: number;
  readonly item: T;
}

export class EventQueue<T> {
  private readonly heap: QueueEntry<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, item: T): void {
    const entry: QueueEntry<T> = { time, seq: this.nextSeq++, item };
    const heap = this.heap;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(entry, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  peekTime(): number | undefined {
    return this.heap[0]?.time;
  }

  pop(): QueueEntry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let index = 0;
      const length = heap.length;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[index] = heap[child]!;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
}

function before<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

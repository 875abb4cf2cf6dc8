/**
 * The event queue: a binary min-heap ordered by (time, order). `order` is given at insertion
 * and strictly increases, so two entries due at the same virtual time come out in the order
 * they were scheduled: the run never depends on the heap's internal layout.
 *
 * The heap holds the scheduled things themselves (a packet in flight, a timer), which carry
 * their own `time` and `order` fields, so scheduling allocates no wrapper.
 *
 * @example
 *   const q = new SchedulingQueue<{ time: number; order: number; name: string }>();
 *   q.push({ time: 5, order: 0, name: 'b' }); q.push({ time: 1, order: 0, name: 'a' });
 *   q.pop()?.name; // 'a', then 'b'
 */
export interface Scheduled {
  time: number;
  /** Set by the queue on push: the tie-breaker for equal times. */
  order: number;
  /** Where the entry sits in the heap, kept by the queue so that it can be removed early. */
  slot: number;
}

export class SchedulingQueue<E extends Scheduled> {
  private readonly heap: E[] = [];
  private nextOrder = 0;

  get size(): number {
    return this.heap.length;
  }

  push(entry: E): void {
    entry.order = this.nextOrder++;
    const heap = this.heap;
    const time = entry.time;
    const order = entry.order;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (time > parent.time || (time === parent.time && order > parent.order)) break;
      heap[index] = parent;
      parent.slot = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.slot = index;
  }

  /** Takes an entry out before its time (a cancelled timer), so the heap never holds dead entries. */
  remove(entry: E): void {
    const heap = this.heap;
    const index = entry.slot;
    if (heap[index] !== entry) return;
    const last = heap.pop()!;
    entry.slot = -1;
    if (last === entry) return;
    heap[index] = last;
    last.slot = index;
    this.siftDown(index);
    this.siftUp(last.slot);
  }

  private siftUp(start: number): void {
    const heap = this.heap;
    const entry = heap[start]!;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (entry.time > parent.time || (entry.time === parent.time && entry.order > parent.order)) break;
      heap[index] = parent;
      parent.slot = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.slot = index;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const length = heap.length;
    const entry = heap[start]!;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      let child = left;
      let candidate = heap[left]!;
      const right = left + 1;
      if (right < length) {
        const other = heap[right]!;
        if (other.time < candidate.time || (other.time === candidate.time && other.order < candidate.order)) {
          child = right;
          candidate = other;
        }
      }
      if (entry.time < candidate.time || (entry.time === candidate.time && entry.order < candidate.order)) break;
      heap[index] = candidate;
      candidate.slot = index;
      index = child;
    }
    heap[index] = entry;
    entry.slot = index;
  }

  peekTime(): number | undefined {
    return this.heap[0]?.time;
  }

  /** The next entry, left in the queue. */
  peek(): E | undefined {
    return this.heap[0];
  }

  pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    top.slot = -1;
    return top;
  }
}

/** An item and when it is due, as EventQueue hands it back. */
export interface QueueEntry<T> {
  readonly time: number;
  readonly seq: number;
  readonly item: T;
}

class Entry<T> implements QueueEntry<T>, Scheduled {
  order = 0;
  slot = -1;
  constructor(
    public time: number,
    readonly item: T,
  ) {}

  get seq(): number {
    return this.order;
  }
}

/**
 * The same queue for arbitrary items, wrapping each in an entry.
 *
 * @example
 *   const q = new EventQueue<string>();
 *   q.push(5, 'b'); q.push(5, 'c'); q.push(1, 'a');
 *   q.pop()?.item; // 'a', then 'b', then 'c'
 */
export class EventQueue<T> {
  private readonly queue = new SchedulingQueue<Entry<T>>();

  get size(): number {
    return this.queue.size;
  }

  push(time: number, item: T): void {
    this.queue.push(new Entry(time, item));
  }

  peekTime(): number | undefined {
    return this.queue.peekTime();
  }

  pop(): QueueEntry<T> | undefined {
    return this.queue.pop();
  }
}

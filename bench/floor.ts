/**
 * The benchmark's floor: the least work any discrete-event engine must do per event. A binary
 * heap keyed by (time, seq) and a handler that only schedules the next event, carrying a
 * small object. The engine's speed is reported as a ratio of this, measured in the same run.
 */
interface FloorEvent {
  time: number;
  seq: number;
  payload: { readonly hop: number };
}

export function runFloor(eventCount: number): number {
  const heap: FloorEvent[] = [];
  let seq = 0;
  const before = (a: FloorEvent, b: FloorEvent) => a.time < b.time || (a.time === b.time && a.seq < b.seq);
  const push = (event: FloorEvent) => {
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(event, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = event;
  };
  const pop = (): FloorEvent | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
    return top;
  };
  // Keep as many events pending as a busy simulation would: a few hundred in flight.
  for (let i = 0; i < 256; i++) push({ time: i, seq: seq++, payload: { hop: 0 } });
  let handled = 0;
  while (handled < eventCount) {
    const event = pop()!;
    handled++;
    push({ time: event.time + 1 + (handled % 7), seq: seq++, payload: { hop: event.payload.hop + 1 } });
  }
  return handled;
}

import type { LazyText } from '../../engine/simulator.ts';

/** "View index() returned after 2 ms of Python", written when read: a load run pays for no text. */
export class ViewNote implements LazyText {
  constructor(
    private readonly endpoint: string,
    private readonly processingMs: number,
  ) {}

  text(): string {
    return `View ${this.endpoint}() returned after ${this.processingMs} ms of Python`;
  }
}

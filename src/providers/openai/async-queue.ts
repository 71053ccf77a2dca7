// A single-consumer async queue: producers push from socket callbacks, the consumer reads with for-await.
// Bounded, because a consumer that never reads (e.g. an engine that only awaits commit()) must not let a
// long call grow memory: past the bound the oldest items are dropped.

export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<(result: IteratorResult<T>) => void> = [];
  private ended = false;

  constructor(private readonly limit = 1000) {}

  push(item: T): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter) return waiter({ value: item, done: false });
    this.items.push(item);
    if (this.items.length > this.limit) this.items.shift();
  }

  /** No more items: readers finish once the queue is drained. */
  end(): void {
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiters.push(resolve));
      },
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }
}

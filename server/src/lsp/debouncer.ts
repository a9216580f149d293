/**
 * Runs the latest job per key once its delay has passed. A newer job for the same
 * key replaces the pending one (so stale checks are never run) but keeps the
 * earlier deadline, so an immediate request is never pushed back by a later one.
 */
export class Debouncer {
  private readonly pending = new Map<string, { cancel: () => void; due: number; job: () => unknown }>();

  schedule(key: string, delayMs: number, job: () => unknown): void {
    const due = Date.now() + delayMs;
    const existing = this.pending.get(key);
    if (existing && existing.due <= due) {
      existing.job = job;
      return;
    }
    existing?.cancel();
    const run = () => {
      this.pending.delete(key);
      Promise.resolve()
        .then(() => entry.job())
        .catch(() => undefined);
    };
    // No delay asked: setImmediate runs once the current messages are handled, where a 0 ms timer waits at least 1 ms.
    const entry = { due, job, cancel: delayMs > 0 ? cancelTimeout(setTimeout(run, delayMs)) : cancelImmediate(setImmediate(run)) };
    this.pending.set(key, entry);
  }
}

const cancelTimeout = (t: NodeJS.Timeout) => () => clearTimeout(t);
const cancelImmediate = (t: NodeJS.Immediate) => () => clearImmediate(t);

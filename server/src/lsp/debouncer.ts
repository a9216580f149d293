/**
 * Runs the latest job per key once its delay has passed. A newer job for the same
 * key replaces the pending one (so stale checks are never run) but keeps the
 * earlier deadline, so an immediate request is never pushed back by a later one.
 */
export class Debouncer {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; due: number; job: () => unknown }>();

  schedule(key: string, delayMs: number, job: () => unknown): void {
    const due = Date.now() + delayMs;
    const existing = this.pending.get(key);
    if (existing && existing.due <= due) {
      existing.job = job;
      return;
    }
    if (existing) clearTimeout(existing.timer);
    const entry = {
      due,
      job,
      timer: setTimeout(() => {
        this.pending.delete(key);
        Promise.resolve()
          .then(() => entry.job())
          .catch(() => undefined);
      }, delayMs),
    };
    this.pending.set(key, entry);
  }
}

/**
 * Decides whether to restart a language server that stopped unexpectedly: yes a few
 * times, then no, so a server that crashes on start-up does not restart in a loop.
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly maxRestarts = 3,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  onCrash(): 'restart' | 'give-up' {
    const t = this.now();
    this.crashes = [...this.crashes.filter((c) => t - c < this.windowMs), t];
    return this.crashes.length <= this.maxRestarts ? 'restart' : 'give-up';
  }

  /** A restart the user asked for starts the count again. */
  reset(): void {
    this.crashes = [];
  }
}

const DEFAULT_MEMORY_MS = 10_000;

/**
 * The last failure of work that runs in the background (a reactor's batches, a timer's ticks),
 * remembered for a while after it happened: the health check stays down meanwhile, so work that
 * fails and succeeds by turns does not look healthy between two failures.
 */
export class RecentFailure {
  private last: { error: unknown; at: number } | undefined;

  constructor(private readonly memoryMs = DEFAULT_MEMORY_MS) {}

  record(error: unknown): void {
    this.last = { error, at: Date.now() };
  }

  /** The work went through: forget the failure at once. */
  clear(): void {
    this.last = undefined;
  }

  /** Throws `failing: <reason>` while the last failure is recent. */
  check(): void {
    const failure = this.last;
    if (failure && Date.now() - failure.at < this.memoryMs) {
      throw new Error(`failing: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
    }
  }
}

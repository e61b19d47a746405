export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** Exponential delay for the n-th consecutive failure (0-based), capped, with ±20 % jitter so that instances spread out. */
export function backoffDelay(backoff: Backoff, failures: number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures, 30));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

import { Injectable } from '@nestjs/common';

/** One thing a process needs to be ready: a store reachable, a subscription running, … */
export interface HealthIndicator {
  name: string;
  /** Resolves when healthy; rejects (or throws) with the reason otherwise. */
  check(): Promise<void>;
}

export interface HealthReport {
  status: 'up' | 'down';
  checks: Record<string, { status: 'up' | 'down'; detail?: string }>;
}

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthRegistry {
  private readonly indicators: HealthIndicator[] = [];

  register(indicator: HealthIndicator): void {
    this.indicators.push(indicator);
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all(
      this.indicators.map(async (indicator) => {
        try {
          await withTimeout(indicator.check(), CHECK_TIMEOUT_MS, `${indicator.name} did not answer within ${CHECK_TIMEOUT_MS} ms`);
          return [indicator.name, { status: 'up' as const }] as const;
        } catch (error) {
          return [indicator.name, { status: 'down' as const, detail: error instanceof Error ? error.message : String(error) }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { status: entries.every(([, check]) => check.status === 'up') ? 'up' : 'down', checks };
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

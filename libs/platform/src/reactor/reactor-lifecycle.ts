import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Reactor } from './reactor';

/**
 * Base of a Nest provider that owns reactors: they start once the application is up (after
 * every module's init, so migrations have run) and stop before the platform closes the pool
 * and the store (onApplicationShutdown), finishing the batch in hand.
 */
export abstract class ReactorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract reactors(): Reactor[];

  onApplicationBootstrap(): void {
    for (const reactor of this.reactors()) reactor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.reactors().map((reactor) => reactor.stop()));
  }
}

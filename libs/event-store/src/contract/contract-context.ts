import type { EventStore } from '../event-store';
import type { ContractFeature, ContractHooks, ContractOptions, ContractStore } from './fixtures';

/** What each part of the contract suite gets: the store (after beforeAll) and what it supports. */
export interface ContractContext {
  adapter: string;
  store(): EventStore;
  /** The hook, or a failure naming it: an adapter that claims a feature must provide its hook. */
  hook<K extends keyof ContractHooks>(name: K): NonNullable<ContractHooks[K]>;
  options: ContractOptions;
}

export function contractContext(adapter: string, subject: () => ContractStore, options: ContractOptions): ContractContext {
  return {
    adapter,
    store: () => subject().store,
    hook(name) {
      const hook = subject().hooks?.[name];
      if (!hook) throw new Error(`${adapter} supports this behaviour but its contract run provides no ${name} hook`);
      return hook.bind(subject().hooks) as NonNullable<ContractHooks[typeof name]>;
    },
    options,
  };
}

/**
 * `it`, unless the adapter declared the feature unsupported (only the EventStoreDB adapter
 * does, for what its server cannot do: see eventstoredb-event-store.int.spec.ts). Then the
 * test is skipped with the reason in its name, and the reason is printed with the run's output
 * as well, so that a reader of a non-verbose run sees what was not checked and why.
 */
export function itSupports(context: ContractContext, feature: ContractFeature, title: string, test: () => Promise<void>, timeoutMs?: number): void {
  const reason = context.options.unsupported?.[feature];
  if (!reason) {
    it(title, test, timeoutMs);
    return;
  }
  const skipped = `${title} [not supported by ${context.adapter}: ${reason}]`;
  console.warn(`EventStore contract: SKIPPED for ${context.adapter}: ${skipped}`);
  it.skip(skipped, test);
}

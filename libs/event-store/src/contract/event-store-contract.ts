import { describeAppending } from './append-contract';
import { describeConcurrencyProof } from './concurrency-proof';
import { contractContext } from './contract-context';
import type { ContractOptions, ContractStore } from './fixtures';
import { describeReading } from './read-contract';
import { describeSubscribing } from './subscription-contract';

export type { ContractFeature, ContractHooks, ContractOptions, ContractStore, DurableConsumer } from './fixtures';

/**
 * The behaviour every EventStore adapter must show, run by each adapter's spec against a real
 * backend. `makeStore` is called once for the suite; tests use their own stream ids.
 * Behaviour an adapter cannot offer is declared in `options.unsupported`, with the reason,
 * and shows up as a skipped test carrying that reason.
 */
export function describeEventStoreContract(adapter: string, makeStore: () => Promise<ContractStore>, options: ContractOptions = {}): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let subject: ContractStore | undefined;
    beforeAll(async () => {
      subject = await makeStore();
    });
    afterAll(async () => {
      await subject?.cleanup();
    });
    const context = contractContext(
      adapter,
      () => {
        if (!subject) throw new Error('the contract store is not ready (makeStore failed?)');
        return subject;
      },
      options,
    );

    describeAppending(context);
    describeReading(context);
    describeSubscribing(context);
    describeConcurrencyProof(context);
  });
}

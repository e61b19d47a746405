import { describeEventStoreContract } from '../contract/event-store-contract';
import { newEvent, uniqueId } from '../contract/fixtures';
import { InvalidAppend } from '../errors';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract(
    'eventstoredb',
    async () => {
      const store = EventStoreDbEventStore.fromConnectionString(connectionString);
      await store.ping();
      return { store, cleanup: () => store.close() };
    },
    {
      unsupported: {
        'atomic appendMany': 'EventStoreDB has no multi-stream transaction; appendMany appends stream after stream',
        'event ids unique across streams': 'EventStoreDB checks event ids per stream only',
        'rolled-back and delayed transactions': 'EventStoreDB appends are single requests: no transaction to hold open or roll back',
        'durable checkpoints with effects': 'checkpoints live in PostgreSQL (checkpoint-store.ts); no hook wired for this backend',
        'notification reconnect': 'no hook to kill the gRPC subscription from the test',
      },
    },
  );
} else {
  console.warn(
    'EventStoreDB adapter: contract suite NOT run because EVENTSTORE_CONNECTION_STRING is not set ' +
      '(e.g. EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false). No server is available on this machine.',
  );
  // What the adapter checks before it talks to a server still runs here: a malformed append is
  // refused with the port's typed error and no request is made (nothing listens on port 1).
  describe('EventStoreDB adapter without a server', () => {
    it('refuses malformed appends before any request, with the same typed error as PostgreSQL', async () => {
      const store = EventStoreDbEventStore.fromConnectionString('esdb://127.0.0.1:1?tls=false');
      try {
        await expect(store.append('', [newEvent()])).rejects.toBeInstanceOf(InvalidAppend);
        await expect(store.append(uniqueId('order'), [])).rejects.toBeInstanceOf(InvalidAppend);
        await expect(store.append(uniqueId('order'), [{ ...newEvent(), metadata: {} as never }])).rejects.toBeInstanceOf(InvalidAppend);
        await expect(store.appendMany([{ streamId: uniqueId('order'), events: [newEvent()], expected: 'bogus' as never }])).rejects.toBeInstanceOf(InvalidAppend);
      } finally {
        await store.close();
      }
    });
  });
}

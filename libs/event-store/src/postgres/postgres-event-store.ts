import type { NewEvent, RecordedEvent } from '@oms/contracts';
import { Pool, type ClientBase, type ClientConfig } from 'pg';
import { assertValidAppends } from '../append-validation';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  ReadStreamsOptions,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { appendStatement, isEventIdRace, toAppendError, toAppendResults } from './append-statement';
import type { Backoff } from '../backoff';
import { CommitAnnouncer } from './commit-announcer';
import { CommitNotifications } from './commit-notifications';
import { DEFAULT_READ_ALL_COUNT, eventsHeldBack, readGlobalLog } from './global-log';
import { defaultSubscriptionTuning, PostgresSubscription, type SubscriptionTuning } from './postgres-subscription';
import { toRecordedEvent, type EventRow } from './recorded-event-row';
import { streamHead, type StreamHead } from './hash-chain';
import { readStreamQuery, readStreamsQuery } from './stream-read';

export interface PostgresEventStoreOptions {
  /** Size of the pool the store creates from a connection string (ignored for a given pool). */
  poolSize?: number;
  subscriptions?: Partial<SubscriptionTuning>;
  /** Reconnection delays of the LISTEN connection. */
  listenerReconnect?: Backoff;
  /**
   * Errors of idle connections in a pool the store made (e.g. PostgreSQL restarted): the pool
   * drops the connection and reconnects on demand; without a listener Node would crash.
   */
  onPoolError?: (error: Error) => void;
}

/** Two appends racing with the same ids settle on re-run (retry or EventIdConflict); more means a bug. */
const EVENT_ID_RACE_RETRIES = 2;

/**
 * The event store over PostgreSQL (schema: migrations.ts; append: append-function.ts; global
 * order: global-log.ts). Run `migrate(pool)` once at startup before using it.
 */
export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly notifications: CommitNotifications;
  private readonly announcer: CommitAnnouncer;
  private readonly tuning: SubscriptionTuning;
  private readonly subscriptions = new Set<Subscription>();

  constructor(connection: Pool | string, options: PostgresEventStoreOptions = {}) {
    if (typeof connection === 'string') {
      this.pool = new Pool({ connectionString: connection, max: options.poolSize ?? 10 });
      this.pool.on('error', options.onPoolError ?? ((error) => console.warn('event store: idle PostgreSQL connection failed:', error.message)));
      this.ownsPool = true;
    } else {
      this.pool = connection;
      this.ownsPool = false;
    }
    // The pool's options are its clients' connection settings (host, credentials, ssl…).
    this.notifications = new CommitNotifications(this.pool.options as ClientConfig, options.listenerReconnect);
    this.tuning = { ...defaultSubscriptionTuning, ...options.subscriptions };
    this.announcer = new CommitAnnouncer(this.pool, (error) =>
      console.warn('event store: could not announce a commit (subscribers will poll):', error instanceof Error ? error.message : error),
    );
  }

  append(streamId: string, events: NewEvent[], options: { expected?: ExpectedRevision } = {}): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expected: options.expected }]).then(([result]) => result);
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    assertValidAppends(appends);
    // Announced after commit, not notified inside it: see commit-announcer.ts.
    const statement = appendStatement(appends, { notify: false });
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await this.pool.query(statement);
        this.announcer.announce();
        return toAppendResults(appends, rows);
      } catch (error) {
        // Each attempt is its own autocommit transaction, so running it again is safe.
        if (isEventIdRace(error) && attempt < EVENT_ID_RACE_RETRIES) continue;
        throw toAppendError(error, appends);
      }
    }
  }

  /**
   * Appends inside the caller's transaction (e.g. a consumer committing its checkpoint with
   * the events it emits). Call it before the transaction's other writes: otherwise a
   * concurrent append to the same stream makes it fail with AppendOutOfOrder (retry then).
   * Not retried here: a failed statement aborts the caller's transaction. Subscribers are
   * notified when the caller commits (NOTIFY inside the transaction).
   */
  async appendInTransaction(client: ClientBase, appends: StreamAppend[]): Promise<AppendResult[]> {
    assertValidAppends(appends);
    try {
      const { rows } = await client.query(appendStatement(appends));
      return toAppendResults(appends, rows);
    } catch (error) {
      throw toAppendError(error, appends);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(readStreamQuery(streamId, options));
    return rows.map(toRecordedEvent);
  }

  async readStreams(streamIds: string[], options: ReadStreamsOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    if (!Number.isInteger(maxCount) || maxCount < 1) throw new RangeError(`maxCount must be a positive integer (got ${maxCount})`);
    const { rows } = await this.pool.query<EventRow>(readStreamsQuery(streamIds, after, maxCount));
    return {
      events: rows.map(toRecordedEvent),
      lastPosition: rows.length > 0 ? rows[rows.length - 1].position : after,
      isEnd: rows.length < maxCount,
    };
  }

  /** The stream's last revision and hash (hash-chain.ts): what an auditor records to check the stream later. */
  streamHead(streamId: string): Promise<StreamHead | undefined> {
    return streamHead(this.pool, streamId);
  }

  readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return readGlobalLog(this.pool, options.after ?? 0n, options.maxCount ?? DEFAULT_READ_ALL_COUNT, options.filter);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new PostgresSubscription(
      {
        read: (after, maxCount, filter) => readGlobalLog(this.pool, after, maxCount, filter),
        heldBack: () => eventsHeldBack(this.pool),
        listen: (listener) => this.notifications.listen(listener),
      },
      options,
      this.tuning,
      (stopped) => this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Stops the subscriptions (waiting for their batches), the LISTEN connection, and the pool if the store made it. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.notifications.close();
    await this.announcer.drain();
    if (this.ownsPool) await this.pool.end();
  }
}

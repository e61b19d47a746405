import type { ExpectedRevision } from './event-store';

/**
 * The closed set of failures the event store reports. Callers switch on `code` (e.g. the HTTP
 * edge maps WRONG_EXPECTED_VERSION to 412), so every adapter must raise these and nothing
 * vendor-specific for the same situations.
 */
export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_VERSION'
  | 'EVENT_ID_CONFLICT'
  | 'INVALID_APPEND'
  | 'APPEND_OUT_OF_ORDER'
  | 'CHECKPOINT_CONFLICT';

export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;
}

/** The stream was not where the writer expected it: someone else appended first. Reload and decide again. */
export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION' as const;

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event when the append was refused, or `no_stream`. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

export type EventIdConflictReason =
  /** Some, not all, of the batch's ids were already appended: this is not a retry of one earlier append. */
  | 'partial_overlap'
  /** An id was appended to another stream (or in another order): ids are global, a retry targets the same stream. */
  | 'used_elsewhere';

/** Event ids make retries no-ops; reusing one for different content would silently drop an event. */
export class EventIdConflict extends EventStoreError {
  readonly code = 'EVENT_ID_CONFLICT' as const;

  constructor(
    readonly reason: EventIdConflictReason,
    readonly eventIds: string[],
    /** The streams that already hold those ids, as far as the adapter can tell (the retry of a lost command finds its first result there). */
    readonly streamIds: string[] = [],
    detail = '',
  ) {
    super(`event id conflict (${reason}): ${eventIds.join(', ')}${detail ? `: ${detail}` : ''}`);
    this.name = 'EventIdConflict';
  }
}

/** The append is malformed (empty, too large, missing contract metadata…): nothing was written. */
export class InvalidAppend extends EventStoreError {
  readonly code = 'INVALID_APPEND' as const;

  constructor(readonly problems: string[]) {
    super(`invalid append: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; …(${problems.length - 10} more)` : ''}`);
    this.name = 'InvalidAppend';
  }
}

/**
 * PostgreSQL only: the append ran in a transaction that had already written something, and
 * meanwhile another transaction appended to the same stream. Committing would put the stream's
 * events out of order in the global log, so the transaction must be retried (append first).
 */
export class AppendOutOfOrder extends EventStoreError {
  readonly code = 'APPEND_OUT_OF_ORDER' as const;

  constructor(readonly streamId: string) {
    super(`stream ${streamId} moved since this transaction first wrote: retry the transaction, appending before other writes`);
    this.name = 'AppendOutOfOrder';
  }
}

/** Another consumer instance moved the checkpoint: this one must stop or reload, not overwrite it. */
export class CheckpointConflict extends EventStoreError {
  readonly code = 'CHECKPOINT_CONFLICT' as const;

  constructor(
    readonly subscription: string,
    readonly expected: bigint,
    /** The stored position when the conflict was seen (`undefined` if there is none). */
    readonly actual: bigint | undefined,
  ) {
    super(`checkpoint ${subscription}: expected position ${expected}, found ${actual ?? 'none'}`);
    this.name = 'CheckpointConflict';
  }
}

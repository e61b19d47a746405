import type { RecordedEvent } from '@oms/contracts';

/** The events of a batch not yet covered by the checkpoint (all of them, normally). */
export function eventsAfter(batch: readonly RecordedEvent[], checkpoint: bigint): RecordedEvent[] {
  return batch.filter((event) => event.position > checkpoint);
}

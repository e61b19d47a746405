import type { RecordedEvent } from '@oms/contracts';

/**
 * Turns the data of one event type from `fromVersion` into `fromVersion + 1`. Pure, and
 * idempotent on data already in the newer shape. The whole recorded event is at hand for
 * defaults that depend on it (its time, its actor).
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  /** Why the schema changed: shown in docs and errors. */
  change: string;
  upcast(data: unknown, event: RecordedEvent): unknown;
}

/**
 * The upcasters of every event type, applied on read: an event recorded in an older schema
 * version reaches today's code in today's shape. Per type, versions run 1 → 2 → … without gaps;
 * a type without upcasters is at version 1.
 *
 * `metadata.schemaVersion` stays the version the event was recorded in (it is part of the
 * hash-chained record, and what Kafka consumers were sent); a read event whose data went
 * through upcasters says so in `metadata.upcastedTo`.
 */
export class UpcasterRegistry {
  private readonly byType = new Map<string, Upcaster[]>();

  constructor(upcasters: readonly Upcaster[]) {
    for (const upcaster of upcasters) {
      const chain = this.byType.get(upcaster.type) ?? [];
      chain.push(upcaster);
      this.byType.set(upcaster.type, chain);
    }
    for (const [type, chain] of this.byType) {
      chain.sort((a, b) => a.fromVersion - b.fromVersion);
      chain.forEach((upcaster, index) => {
        if (upcaster.fromVersion !== index + 1) {
          throw new Error(`upcasters of ${type}: expected one from version ${index + 1}, found ${chain.map((u) => u.fromVersion).join(', ')}`);
        }
      });
    }
  }

  /** The schema version writers of `type` write today. */
  currentVersion(type: string): number {
    return (this.byType.get(type)?.length ?? 0) + 1;
  }

  /** The event in today's shape; the very same object when it already is. */
  upcast(event: RecordedEvent): RecordedEvent {
    const chain = this.byType.get(event.type);
    if (!chain) return event;
    const recorded = recordedVersion(event);
    if (recorded === undefined || recorded >= chain.length + 1 || event.metadata.upcastedTo !== undefined) return event;
    let data = event.data;
    for (const upcaster of chain.slice(recorded - 1)) data = upcaster.upcast(data, event);
    return { ...event, data, metadata: { ...event.metadata, upcastedTo: chain.length + 1 } };
  }
}

function recordedVersion(event: RecordedEvent): number | undefined {
  const version = event.metadata?.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : undefined;
}

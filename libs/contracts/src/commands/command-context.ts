import type { Actor } from '../event-envelope';

/** Who asked, and which request this belongs to: becomes the events' metadata. */
export interface CommandContext {
  /** The originating request (X-Correlation-Id), carried by every event it causes. */
  correlationId: string;
  /** The id of this command (a new UUID per request, or derived from the causing event). */
  commandId: string;
  /** The command or event that caused this command; defaults to commandId. */
  causationId?: string;
  actor: Actor;
}

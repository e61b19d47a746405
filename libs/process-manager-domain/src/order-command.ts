import type { BookingState, CancellationReason, InvoiceState, ModuleName, ShipmentState } from '@oms/contracts';

/** The sub-states each module reports about an order. */
export interface ModuleStates {
  finance: InvoiceState;
  logistics: ShipmentState;
  travel: BookingState;
}

export type ModuleState = { [M in ModuleName]: { module: M; state: ModuleStates[M] } }[ModuleName];

/**
 * Every command carries an id derived from the fact that caused it, so sending it again after
 * a crash or a redelivery is recognised by the order as the same command.
 */
interface Caused {
  orderId: string;
  commandId: string;
  /** The event id of the fact that caused the command. */
  causationId: string;
}

/** Tell the order what a module's sub-state became; the order decides what follows from it. */
export type RecordModuleState = Caused &
  ModuleState & {
    kind: 'recordModuleState';
    /** The module event this was learnt from: the order's dedupe key for it. */
    sourceEventId: string;
    /** When the module's change happened. */
    at: string;
  };

/** The cancellations the platform itself asks for; clients ask for theirs through the gateway. */
export type PlatformCancellationReason = Extract<CancellationReason, 'BOOKING_FAILED' | 'PAYMENT_TIMEOUT'>;

/** Ask the order to cancel itself; the order decides whether it still may. */
export type RequestCancellation = Caused & {
  kind: 'requestCancellation';
  reason: PlatformCancellationReason;
  note?: string;
  /** When the cause happened (the supplier's rejection, the payment deadline). */
  at: string;
};

/** What the process manager sends to the order. */
export type OrderCommand = RecordModuleState | RequestCancellation;

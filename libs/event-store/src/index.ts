// The contract suite (./contract) is not exported: it uses Jest globals. Spec files import it relatively.
export * from './event-store';
export * from './errors';
export * from './metadata';
export * from './append-validation';
export * from './create-event-store';
export * from './postgres/migrations';
export * from './postgres/postgres-event-store';
export * from './postgres/checkpoint-store';
export { streamHead, streamHeads, verifyChain, type ChainProblem, type ChainProblemKind, type StreamHead, type VerifyOptions, type VerifyReport } from './postgres/hash-chain';
export * from './upcasting/upcaster-registry';
export { currentSchemaVersion, eventUpcasters, orderCancelledBlankNote, upcast } from './upcasting/upcasting';
export * from './read-streams';
export { appendStatement } from './postgres/append-statement';
export { LISTENER_APPLICATION_NAME, NOTIFY_CHANNEL } from './postgres/commit-notifications';
export type { SubscriptionTuning } from './postgres/postgres-subscription';
export * from './eventstoredb/eventstoredb-event-store';

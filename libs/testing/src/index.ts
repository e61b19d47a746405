export * from './decider-specification';
export * from './postgres/test-database';
export * from './system/system-under-test';
export * from './system/api-client';
export * from './events/order-event-fixtures';
export * from './postgres/own-postgres';
export * from './events/command-context-fixtures';
export * from './system/service-node-args';

export * from './decider-specification';
export * from './postgres/test-database';

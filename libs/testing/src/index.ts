export * from './decider-specification';
export * from './postgres/test-database';
export * from './system/system-under-test';

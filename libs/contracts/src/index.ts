export * from './domain-error';
export * from './event-envelope';
export * from './ids';

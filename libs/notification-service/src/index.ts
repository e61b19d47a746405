export * from './delivery';
export * from './mailer';
export * from './notification';
export * from './notification-outbox';
export * from './notification-reactor';
export * from './notification-sender';
export * from './notification-service.module';
export * from './smtp-mailer';

export * from './notification-service.module';

export * from './finance-service.module';

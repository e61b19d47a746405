export * from './logistics-service.module';

export * from './travel-service.module';

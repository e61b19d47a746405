export * from './finance-service.module';
export * from './invoice-reactor';

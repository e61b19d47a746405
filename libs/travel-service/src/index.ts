export * from './booking-operations';
export * from './booking-reactor';
export * from './travel-service.module';

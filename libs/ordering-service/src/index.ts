export * from './order-placement';
export * from './ordering-service.module';
export * from './order-history';
export * from './schema-versions';

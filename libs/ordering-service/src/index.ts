export * from './order-placement';
export * from './ordering-service.module';

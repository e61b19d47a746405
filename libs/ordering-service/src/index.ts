export * from './ordering-service.module';

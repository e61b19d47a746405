export * from './bootstrap-gateway';
export * from './gateway.module';

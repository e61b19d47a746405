export * from './module-facts';
export * from './order-commands';
export * from './payment-deadline-table';
export * from './payment-timeouts';
export * from './process-manager.module';
export * from './tokens';

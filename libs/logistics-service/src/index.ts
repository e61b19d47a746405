export * from './logistics-service.module';
export * from './shipment-operations';
export * from './shipment-reactor';

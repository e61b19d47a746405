export * from './decide';
export * from './order-reaction';
export * from './shipment';

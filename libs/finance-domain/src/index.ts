export * from './decide';
export * from './invoice';
export * from './order-reaction';

export * from './booking';
export * from './decide';
export * from './order-reaction';

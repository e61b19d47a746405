export * from './duration';
export * from './fact';
export * from './instant';
export * from './module-fact';
export * from './order-command';
export * from './order-progress';
export * from './payment-deadline';
export * from './react';

export * from './batch';
export * from './checkpoint';
export * from './reaction';
export * from './reactor';
export * from './reactor-lifecycle';
export * from './stream-decision';
export * from './module-stream-reactor';

export * from './kafka-relay.module';

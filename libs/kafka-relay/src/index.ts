export * from './cloud-event';
export * from './kafka-publisher';
export * from './kafka-relay';
export * from './kafka-relay.module';
export * from './kafka-relay.service';
export * from './relay-settings';

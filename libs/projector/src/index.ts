export * from './projector.module';
export * from './projector.service';
export * from './read-model-subscription';

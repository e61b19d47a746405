import 'reflect-metadata';
import { bootstrapGateway } from '@oms/gateway-api';

void bootstrapGateway();

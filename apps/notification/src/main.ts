import 'reflect-metadata';
import { NotificationServiceModule } from '@oms/notification-service';
import { bootstrapService } from '@oms/platform';

void bootstrapService('notification', NotificationServiceModule);

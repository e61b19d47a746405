import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';

@Module({ imports: [PlatformModule.forService('ordering')] })
export class OrderingServiceModule {}

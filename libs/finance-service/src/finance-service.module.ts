import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';

@Module({ imports: [PlatformModule.forService('finance')] })
export class FinanceServiceModule {}

import { Module } from '@nestjs/common';
import { PlatformModule } from '@oms/platform';
import { ProjectorService } from './projector.service';

@Module({ imports: [PlatformModule.forService('projector')], providers: [ProjectorService] })
export class ProjectorModule {}

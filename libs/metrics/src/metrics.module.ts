import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.service';

/** The process's metrics registry; apps import it once, libs inject `Metrics` where they count. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}

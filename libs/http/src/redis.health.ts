import { AppConfig } from '@app/config';
import { createRedis } from '@app/queue';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import IORedis from 'ioredis';

/** PING on a dedicated connection that never queues commands, so a dead Redis answers "down" at once. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private connection?: IORedis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  async check(key: string, timeoutMs = 1500): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    if (!this.connection) {
      this.connection = createRedis(this.config, 'probe');
      this.connection.on('error', () => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const started = Date.now();
      const pong = await Promise.race([
        this.connection.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (pong !== 'PONG') return indicator.down({ message: `unexpected reply ${String(pong)}` });
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.connection?.disconnect();
  }
}

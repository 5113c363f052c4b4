import { availableParallelism, loadavg } from 'node:os';
import type { DataSource } from 'typeorm';
import { backendCpuMicros } from './backend-cpu';

/**
 * What a benchmark prints beside its wall-clock figures, so a figure taken on a busy machine says
 * so: the 1-minute load average, the CPU time of this process and of the PostgreSQL backends that
 * served it, and the process's peak resident set.
 */

export interface CpuSplit {
  /** Seconds of CPU (user + system, all threads) of this Node process. */
  nodeSeconds: number;
  /** Seconds of CPU of the PostgreSQL backends of the database; undefined when /proc does not show them. */
  postgresSeconds?: number;
}

export interface MachineLoad {
  loadBefore: number;
  loadAfter: number;
  cores: number;
}

/** Measures the CPU of this process and of the database's backends between `start` and `stop`. */
export class CpuMeter {
  private constructor(
    private readonly ds: DataSource,
    private readonly node: NodeJS.CpuUsage,
    private readonly postgres: Map<number, number> | undefined,
  ) {}

  static async start(ds: DataSource): Promise<CpuMeter> {
    const postgres = await backendCpuMicros(ds);
    return new CpuMeter(ds, process.cpuUsage(), postgres);
  }

  async stop(): Promise<CpuSplit> {
    const node = process.cpuUsage(this.node);
    const after = await backendCpuMicros(this.ds);
    let postgres: number | undefined;
    if (this.postgres && after) {
      // A backend that connected meanwhile counts from zero; one that left is lost (the pool keeps them).
      postgres = 0;
      for (const [pid, micros] of after) postgres += micros - (this.postgres.get(pid) ?? 0);
    }
    return {
      nodeSeconds: round2((node.user + node.system) / 1e6),
      ...(postgres === undefined ? {} : { postgresSeconds: round2(postgres / 1e6) }),
    };
  }
}

/** Samples this process's resident set every 100 ms; `stop` returns the peak in MB. */
export class PeakRss {
  private peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 100);

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  /** The peak so far (MB), sampling goes on: the peak of the work done up to here. */
  mark(): number {
    this.sample();
    return Math.round(this.peak / 1024 / 1024);
  }

  stop(): number {
    clearInterval(this.timer);
    return this.mark();
  }
}

export function loadAverage(): number {
  return round1(loadavg()[0]);
}

export function cores(): number {
  return availableParallelism();
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

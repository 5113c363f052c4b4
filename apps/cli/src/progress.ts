import { Presets, SingleBar } from 'cli-progress';

/**
 * A progress bar on a terminal, plain lines every few seconds when output is piped (CI, logs).
 * Progress is measured in `unit` (bytes of a file, rows of a list); the rate shown is in rows.
 */
export class Progress {
  private bar?: SingleBar;
  private lastLine = 0;
  private rows = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: 'rows' | 'bytes' = 'rows',
  ) {
    if (process.stdout.isTTY) {
      this.bar = new SingleBar(
        {
          format: `${label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      this.bar.start(total, 0, { rows: 0, rate: 0 });
    }
  }

  /** `done` in the bar's unit; `rows` processed so far. */
  update(done: number, rows = this.unit === 'rows' ? done : this.rows): void {
    this.rows = rows;
    const rate = this.rate();
    if (this.bar) this.bar.update(done, { rows, rate });
    else if (Date.now() - this.lastLine > 2000) {
      this.lastLine = Date.now();
      const pct = this.total > 0 ? Math.floor((done / this.total) * 100) : 100;
      console.log(`${this.label}: ${pct}% ${rows} rows (${rate} rows/s)`);
    }
  }

  rate(): number {
    return Math.round(this.rows / Math.max((Date.now() - this.started) / 1000, 0.001));
  }

  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  stop(): void {
    if (this.bar) {
      this.bar.update(this.total, { rows: this.rows, rate: this.rate() });
      this.bar.stop();
    }
  }
}

import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on a terminal; plain lines every few seconds when output is piped (CI, logs). */
export class Progress {
  private bar?: SingleBar;
  private done = 0;
  private lastLine = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'rows',
  ) {
    if (process.stdout.isTTY) {
      this.bar = new SingleBar(
        {
          format: `${label} [{bar}] {percentage}% {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta}s`,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      this.bar.start(total, 0, { rate: 0 });
    }
  }

  increment(n: number): void {
    this.done += n;
    const rate = Math.round(this.done / Math.max((Date.now() - this.started) / 1000, 0.001));
    if (this.bar) this.bar.update(this.done, { rate });
    else if (Date.now() - this.lastLine > 2000 || this.done >= this.total) {
      this.lastLine = Date.now();
      console.log(`${this.label}: ${this.done}/${this.total} ${this.unit} (${rate} ${this.unit}/s)`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}

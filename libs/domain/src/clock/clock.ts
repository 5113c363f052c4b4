/**
 * The time the life cycles (inspection tasks, rule-set versions) compute due times from. A plain
 * class, so Nest can provide it without a decorator; tests give a clock of their own and move it.
 */
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until moved: for tests and simulations. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }

  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}

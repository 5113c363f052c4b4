import { relayDelay } from './outbox.relay';
import { dueTime } from './outbox.writer';

describe('outbox timing', () => {
  const now = Date.parse('2026-12-01T09:00:00Z');

  it('keeps an absolute runAt as given', () => {
    const runAt = new Date('2026-12-03T01:00:00Z');
    expect(dueTime({ runAt, delayMs: 5 }, now)).toBe(runAt);
  });

  it('turns a delay into now + delay at write time, and no option into now', () => {
    expect(dueTime({ delayMs: 30_000 }, now).getTime()).toBe(now + 30_000);
    expect(dueTime({}, now).getTime()).toBe(now);
    expect(dueTime({ delayMs: -5 }, now).getTime()).toBe(now);
  });

  it('refuses an invalid date', () => {
    expect(() => dueTime({ runAt: new Date('nonsense') }, now)).toThrow(RangeError);
  });

  it('gives BullMQ the time left, and no delay once the time has passed', () => {
    expect(relayDelay(now + 90_000, now)).toBe(90_000);
    expect(relayDelay(now, now)).toBeUndefined();
    expect(relayDelay(now - 3_600_000, now)).toBeUndefined();
  });
});

import { EventEmitter } from 'node:events';
import { exitAfterGrace, within } from './shutdown-deadline';

describe('shutdown deadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('exits with 1 just before the grace has passed after SIGTERM, not sooner', () => {
    const io = { warn: jest.fn(), exit: jest.fn() };
    const target = new EventEmitter();
    exitAfterGrace(5000, io, target as unknown as NodeJS.Process);
    jest.advanceTimersByTime(60_000);
    expect(io.exit).not.toHaveBeenCalled(); // no signal, no deadline
    target.emit('SIGTERM');
    jest.advanceTimersByTime(4499);
    expect(io.exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(io.exit).toHaveBeenCalledWith(1);
    expect(io.warn).toHaveBeenCalledWith('SIGTERM: shutdown did not finish within 4500 ms; exiting');
  });

  it('gives up on a close that never ends, and passes a result through', async () => {
    const never = new Promise<string>(() => undefined);
    const pending = within(never, 1000);
    jest.advanceTimersByTime(1000);
    await expect(pending).resolves.toBeUndefined();
    await expect(within(Promise.resolve('closed'), 1000)).resolves.toBe('closed');
  });

  it("passes a failed close's error through", async () => {
    const failing = within(Promise.reject(new Error('ECONNREFUSED')), 1000);
    await expect(failing).rejects.toThrow('ECONNREFUSED');
  });
});

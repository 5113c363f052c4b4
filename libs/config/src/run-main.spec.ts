import { AppConfig } from './app-config';
import { runMain } from './run-main';

describe('runMain', () => {
  it('stops a start with a bad environment, naming the variable, exit code 1', async () => {
    const errors: string[] = [];
    const exits: number[] = [];
    await runMain(
      async () => {
        AppConfig.load({ PORT: 'eighty', REDIS_URL: 'http://nope' });
      },
      { error: (m) => errors.push(m), exit: (c) => exits.push(c) },
    );
    expect(exits).toEqual([1]);
    expect(errors[0]).toBe(
      'Invalid environment configuration:\n' +
        '  - REDIS_URL: must be a redis:// URL (got "http://nope")\n' +
        '  - PORT: must not be greater than 65535; must not be less than 0; must be an integer number (got "eighty")',
    );
  });

  it('leaves a successful start alone', async () => {
    const exits: number[] = [];
    await runMain(async () => undefined, { error: () => undefined, exit: (c) => exits.push(c) });
    expect(exits).toEqual([]);
  });
});

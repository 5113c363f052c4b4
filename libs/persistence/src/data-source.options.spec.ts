import { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source.options';

describe('dataSourceOptions', () => {
  const poolOf = (env: Record<string, string>) =>
    (
      dataSourceOptions(AppConfig.load(env)) as unknown as {
        extra: { max: number; min: number; keepAlive: boolean; allowExitOnIdle: boolean };
      }
    ).extra;

  it('sizes the pool from DB_POOL_SIZE and keeps DB_POOL_MIN connections open while idle', () => {
    // pg-pool closes an idle connection after 10 s only while more than `min` are open
    expect(poolOf({ DB_POOL_SIZE: '8' })).toMatchObject({ max: 8, min: 8 });
    expect(poolOf({ DB_POOL_SIZE: '8', DB_POOL_MIN: '3' })).toMatchObject({ max: 8, min: 3 });
    // a kept connection a firewall dropped is found by TCP keep-alive, not by the next query
    expect(poolOf({})).toMatchObject({ keepAlive: true });
    // an idle kept connection does not keep a finished CLI command's process alive
    expect(poolOf({})).toMatchObject({ allowExitOnIdle: true });
  });
});

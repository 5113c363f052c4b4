import { AuditService } from '@app/audit';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';
import { TestEnv } from '../../support/test-env';

describe('audit log hash chain', () => {
  let env: TestEnv;
  let ds: DataSource;
  let audit: AuditService;
  const entry = (i: number) => ({
    actor: 'test',
    action: 'enterprise.updated',
    entityType: 'enterprise',
    entityId: `E${i}`,
    data: {
      before: { capital: `${i}.00` },
      after: { capital: `${i + 1}.00` },
      at: new Date('2026-01-01T00:00:00Z'),
    },
  });

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    audit = new AuditService(ds, new ClsService(new AsyncLocalStorage()));
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('links entries written concurrently into one intact chain', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        ds.transaction((m) =>
          audit.append(
            m,
            Array.from({ length: 5 }, (_, i) => entry(w * 10 + i)),
          ),
        ),
      ),
    );
    expect(await audit.verify(7)).toEqual({ ok: true, checked: 40 });
  });

  it('refuses to write outside a transaction', async () => {
    await expect(audit.append(ds.manager, [entry(1)])).rejects.toThrow(/needs a transaction/);
  });

  it('finds an entry altered behind its back', async () => {
    // Only a superuser who disables the append-only trigger can do this; verify still notices.
    await ds.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await ds.query(
      `UPDATE audit_log SET data = jsonb_set(data, '{after,capital}', '"999.00"') WHERE id = 17`,
    );
    await ds.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    expect(await audit.verify()).toEqual({
      ok: false,
      checked: 16,
      brokenAt: '17',
      reason: 'content does not match its hash',
    });
  });
});

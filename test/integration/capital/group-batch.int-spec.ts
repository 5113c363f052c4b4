import { GroupRepository } from '@app/capital';
import { makeUscc } from '@app/domain';
import { migrateWithLock } from '@app/persistence';
import { DataSource } from 'typeorm';
import { TestEnv } from '../../support/test-env';

/**
 * The set-based group lookup (viewMany: one recursive query for a whole batch) must give, event by
 * event, exactly what the per-event path (view) gives: members, core sections (target left out),
 * acquisitions in the window and their ids. The graph has a three-level chain, a link that ends and
 * one that starts inside the period, a stake at exactly the control percent, a cycle, two ultimate
 * controllers of one child and an unregistered holding.
 */
const code = (n: number) => makeUscc({ region: '330106', orgBody: `GRB${String(n).padStart(5, '0')}` });
const E = Array.from({ length: 12 }, (_, i) => code(i));
const ABROAD = code(99); // not registered
const INDUSTRIES = ['I6432', 'I6510', 'C1431', 'J6620', 'F5292', 'K7010'];

describe('group lookup: set-based batch equals the per-event path', () => {
  let env: TestEnv;
  let ds: DataSource;
  const groups = new GroupRepository();
  const outcome = { serialWindow: 'P12M', controlStakePercent: 50 };

  beforeAll(async () => {
    env = await TestEnv.create();
    ds = await env.dataSource();
    await migrateWithLock(ds);
    await ds.query(
      `INSERT INTO enterprises (uscc, name, region_code, industry_code, established_on)
       SELECT u, 'group ' || o, '330106', ($2::text[])[1 + (o % 6)], '2010-01-01'
         FROM unnest($1::text[]) WITH ORDINALITY AS x(u, o)`,
      [E, INDUSTRIES],
    );
    const link = (p: string, c: string, stake: number, from: string, to: string | null, id: string) => [
      p,
      c,
      stake,
      from,
      to,
      id,
    ];
    const links = [
      link(E[0], E[1], 80, '2020-01-01', null, 'L1'), // 0 → 1 → 2 → 3
      link(E[1], E[2], 60.5, '2020-01-01', null, 'L2'),
      link(E[2], E[3], 51, '2020-01-01', null, 'L3'),
      link(E[3], E[4], 70, '2020-01-01', '2026-03-31', 'L4'), // ends
      link(E[0], E[5], 50, '2020-01-01', null, 'L5'), // exactly 50: no control
      link(E[5], E[6], 90, '2026-06-01', null, 'L6'), // starts
      link(E[7], E[8], 60, '2020-01-01', null, 'L7'), // cycle 7 ⇄ 8
      link(E[8], E[7], 60, '2020-01-01', null, 'L8'),
      link(E[9], E[10], 55, '2020-01-01', null, 'L9'), // 9 and ABROAD both "control" 10
      link(ABROAD, E[10], 51, '2020-01-01', null, 'L10'),
      link(ABROAD, E[11], 100, '2020-01-01', null, 'L11'),
    ];
    for (const [p, c, stake, from, to, id] of links)
      await ds.query(
        `INSERT INTO ownership_links (parent_uscc, child_uscc, stake_percent, valid_from, valid_to, source, source_record_id, digest)
         VALUES ($1, $2, $3, $4, $5, 'test', $6, repeat('0', 64))`,
        [p, c, stake, from, to, id],
      );
    const kinds = ['acquisition', 'equity_stake', 'new_entity', 'asset_purchase', 'merger', 'joint_venture'];
    for (let i = 0; i < 60; i++) {
      const day = new Date(Date.UTC(2025, 0, 1) + i * 9 * 86_400_000).toISOString().slice(0, 10);
      await ds.query(
        `INSERT INTO investment_events (uscc, kind, target_name, target_industry_code, occurred_on, notified, payload, source, source_record_id, digest)
         VALUES ($1, $2, 'target ' || $5, 'I6432', $3, false, '{}', 'test', $4, repeat('0', 64))`,
        [E[i % 12], kinds[i % kinds.length], day, `E${i}`, i],
      );
    }
  });
  afterAll(async () => {
    await env.dispose();
  });

  it('gives each event the group, core sections and serial acquisitions the per-event path gives', async () => {
    const dates = ['2025-02-01', '2026-03-31', '2026-04-01', '2026-06-01', '2026-12-31', '2019-12-31'];
    const items = dates.flatMap((on, d) =>
      [...E, ABROAD].map((uscc, i) => ({ uscc, on, targetUscc: (i + d) % 4 === 0 ? E[(i + 1) % 12] : null })),
    );
    // Repeated (investor, date) pairs with other targets share one lookup.
    items.push({ ...items[3], targetUscc: E[0] }, { ...items[3], targetUscc: null });
    const batch = await groups.viewMany(ds.manager, items, outcome);
    const single = [];
    for (const it of items)
      single.push(await groups.view(ds.manager, it.uscc, it.on, outcome, it.targetUscc));
    expect(batch).toEqual(single);
    // The graph is exercised: a four-level group, a serial count, the link that ended, the cycle.
    const at = (uscc: string, on: string) => batch[items.findIndex((x) => x.uscc === uscc && x.on === on)];
    expect(at(E[2], '2026-03-31').members).toEqual([E[0], E[1], E[2], E[3], E[4]].sort());
    expect(at(E[2], '2026-04-01').members).toEqual([E[0], E[1], E[2], E[3]].sort());
    expect(at(E[6], '2026-06-01').members).toEqual([E[5], E[6]].sort());
    expect(at(E[7], '2026-03-31').members).toEqual([E[7], E[8]].sort());
    expect(at(E[10], '2026-03-31').members).toEqual([ABROAD, E[9], E[10], E[11]].sort());
    expect(batch.some((g) => g.acquisitionsInWindow >= 3)).toBe(true);
    expect(await groups.viewMany(ds.manager, [], outcome)).toEqual([]);
  });
});

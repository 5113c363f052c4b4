import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { parseInput } from '@app/ingestion';
import { FixedClock } from '@app/domain';
import { OutboxWriter } from '@app/queue';
import { validateRuleSet } from '@app/rules';
import { RuleSetStore, ruleSetChecksum } from '@app/rulesets';
import { BacktestService, SimulationRunner, SimulationService } from '@app/simulation';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { enterpriseRow, usccOf } from '../../support/fixtures';
import { ingestService } from '../../support/ingest';

/**
 * The instant the simulations are asked for: t.1 (from 2026-06-01) and frequency 2026.1 are in force
 * then, and stay the versions compared against whatever the shipped files schedule after it (2026.2
 * from 2027-01-01), which reading the real clock would not.
 */
export const SIMULATED_AT = '2026-09-01T10:00:00+08:00';

/** The simulation services wired by hand (no Nest container), on a clock pinned at SIMULATED_AT. */
export function simulationServices(
  ds: DataSource,
  config: AppConfig,
  clock = new FixedClock(new Date(SIMULATED_AT)),
) {
  const cls = new ClsService(new AsyncLocalStorage());
  const ruleSets = new RuleSetStore(ds, clock);
  const outbox = new OutboxWriter(cls);
  const audit = new AuditService(ds, cls);
  const backtests = new BacktestService(ds, ruleSets);
  return {
    ruleSets,
    backtests,
    simulations: new SimulationService(ds, ruleSets, outbox, audit, config, clock),
    runner: new SimulationRunner(ds, ruleSets, backtests, outbox, audit),
  };
}

const penaltyCount = (window: string) => ({
  type: 'number',
  description: `general penalties in ${window}`,
  count: {
    recordType: 'administrative_penalty',
    where: { severity: 'general' },
    window,
    excludeRepaired: true,
  },
});

const score = (name: string, fact: string, operator: string, value: number, points: number) => ({
  name,
  priority: 10,
  conditions: { all: [{ fact, operator, value }] },
  event: { type: 'score', params: { factor: fact, points, reason: `${name}: ${points}` } },
});

/**
 * Two small tiering documents whose outcomes are computed by hand in the tests. Base 100; A ≥ 90,
 * B ≥ 70, C ≥ 50, else D. "t.1" (in force from 2026-06-01): a general penalty −15, three or more
 * −30 more, established less than 3 years −10. "t.2" (the draft): a penalty −25, the rest alike,
 * and five or more penalties set D.
 */
export function tieringDocument(version: 't.1' | 't.2'): Record<string, unknown> {
  const strict = version === 't.2';
  return {
    kind: 'tiering',
    version,
    effectiveFrom: '2026-06-01T00:00:00+08:00',
    description: `simulation test ${version}`,
    facts: {
      general_penalties_3y: penaltyCount('P3Y'),
      years_in_business: { type: 'number', description: 'whole years', from: 'enterprise.age_years' },
    },
    rules: [
      ...(strict
        ? [
            {
              name: 'penalties-many',
              priority: 100,
              conditions: {
                all: [{ fact: 'general_penalties_3y', operator: 'greaterThanInclusive', value: 5 }],
              },
              event: {
                type: 'override',
                params: {
                  tier: 'D',
                  mode: 'set',
                  factor: 'general_penalties_3y',
                  reason: 'five or more penalties',
                },
              },
            },
          ]
        : []),
      score('penalty', 'general_penalties_3y', 'greaterThanInclusive', 1, strict ? -25 : -15),
      score('penalties-repeated', 'general_penalties_3y', 'greaterThanInclusive', 3, -30),
      score('newly-established', 'years_in_business', 'lessThan', 3, -10),
    ],
    outcome: {
      base: 100,
      tiers: [
        { tier: 'A', min: 90 },
        { tier: 'B', min: 70 },
        { tier: 'C', min: 50 },
        { tier: 'D', min: null },
      ],
    },
  };
}

/** Stores t.1 as in force from 2026-06-01 (published then) and t.2 as a draft. */
export async function storeTestVersions(ds: DataSource, ruleSets: RuleSetStore): Promise<void> {
  await ruleSets.ensureShipped();
  for (const [version, status] of [
    ['t.1', 'in_force'],
    ['t.2', 'draft'],
  ] as const) {
    const document = tieringDocument(version);
    const checked = validateRuleSet(document);
    if (!checked.ok) throw new Error(`test document ${version}: ${JSON.stringify(checked.problems)}`);
    await ds.query(
      `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, approver, effective_from, published_at)
       VALUES ('tiering', $1, $2, $3::jsonb, $4, 'test', $5, $6, $6)`,
      [
        version,
        status,
        JSON.stringify(document),
        ruleSetChecksum(document),
        status === 'in_force' ? 'test' : null,
        status === 'in_force' ? '2026-06-01T00:00:00+08:00' : null,
      ],
    );
  }
}

/**
 * Ten enterprises: [general penalties, established, food, region]. e7-e9 in 440305, the rest 330106.
 * Scores (t.1 → t.2) and tiers, by hand:
 *   e0 0p 10y        100 A → 100 A      e5 3p 1y food   45 D → 35 D
 *   e1 0p 1y          90 A →  90 A      e6 5p 10y food  55 C → 45 D (set D by penalties-many)
 *   e2 1p 10y         85 B →  75 B      e7 0p 10y      100 A → 100 A
 *   e3 1p 1y          75 B →  65 C      e8 1p 10y       85 B →  75 B
 *   e4 3p 10y         55 C →  45 D      e9 3p 1y        45 D →  35 D
 */
export const POPULATION: [number, 'old' | 'young', boolean][] = [
  [0, 'old', false],
  [0, 'young', false],
  [1, 'old', false],
  [1, 'young', false],
  [3, 'old', false],
  [3, 'young', true],
  [5, 'old', true],
  [0, 'old', false],
  [1, 'old', false],
  [3, 'young', false],
];

export async function seedPopulation(ds: DataSource, config: AppConfig): Promise<string[]> {
  const json = (rows: unknown[]) => parseInput('json', Readable.from([JSON.stringify(rows)]));
  const usccs = POPULATION.map((_, i) => usccOf(i));
  await ingestService(ds, config).ingest(
    'enterprises',
    json(
      POPULATION.map(([, age, food], i) =>
        enterpriseRow(i, {
          establishedOn: age === 'old' ? '2015-06-01' : '2026-01-01',
          tags: food ? ['food'] : [],
          regionCode: i >= 7 ? '440305' : '330106',
        }),
      ),
    ),
    { actor: 'test' },
  );
  const records = POPULATION.flatMap(([penalties], i) =>
    Array.from({ length: penalties }, (_, k) => ({
      uscc: usccs[i],
      type: 'administrative_penalty',
      source: 'samr-penalty',
      sourceRecordId: `SIM-${i}-${k}`,
      severity: 'general',
      occurredOn: '2026-05-01',
      publicityUntil: '2029-05-01',
      payload: { measure: 'fine', amount: '5000', heavier: false },
    })),
  );
  await ingestService(ds, config).ingest('records', json(records), { actor: 'test' });
  // Known since the day after: the backtest replays inspections of August with them.
  await ds.query(`UPDATE credit_records SET received_at = '2026-05-02T00:00:00+08:00'`);
  return usccs;
}

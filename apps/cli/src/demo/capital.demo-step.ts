import {
  FiredLightRule,
  InvestmentEventService,
  InvestmentWarningService,
  MergerCheckService,
  OwnershipLinkService,
  type MergerParty,
} from '@app/capital';
import { makeUscc } from '@app/domain';
import { IngestService, type ParsedRow } from '@app/ingestion';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const code = (body: string) => makeUscc({ region: '330108', orgBody: body });
/** A platform group in Hangzhou: holding → platform → payments-free tech arm (fixed codes). */
const HOLDING = code('DEMCAP01');
const PLATFORM = code('DEMCAP02');
const TECH = code('DEMCAP03');
const SOURCE = 'demo-capital';
const ACTOR = 'demo';

function* rows(values: Record<string, unknown>[]): Iterable<ParsedRow> {
  let row = 0;
  for (const value of values) yield { row: ++row, value };
}

async function* asyncRows(values: Record<string, unknown>[]): AsyncIterable<ParsedRow> {
  yield* rows(values);
}

/**
 * Capital red / yellow / green lights (资本红绿灯): a yellow cross-industry acquisition with its
 * evidence, a red unnotified concentration, a merger check on both sides of 2024-01-22 and a warning
 * taken from open to resolved. Fixed ids: a second run changes nothing (the events are unchanged
 * re-sends, the warning is already resolved).
 */
@Injectable()
export class CapitalDemoStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: IngestService,
    private readonly events: InvestmentEventService,
    private readonly links: OwnershipLinkService,
    private readonly warnings: InvestmentWarningService,
    private readonly mergers: MergerCheckService,
  ) {}

  async run(): Promise<void> {
    console.log(
      '\n== capital lights (资本红绿灯): events, lights with evidence, merger checks, the warning loop ==',
    );
    const ent = (uscc: string, name: string, industryCode: string) => ({
      uscc,
      name,
      regionCode: '330108',
      industryCode,
      establishedOn: '2012-05-01',
    });
    await this.ingest.ingest(
      'enterprises',
      rows([
        ent(HOLDING, '杭州演示控股集团有限公司', 'I6432'),
        ent(PLATFORM, '杭州演示网络平台有限公司', 'I6432'),
        ent(TECH, '杭州演示信息技术有限公司', 'I6510'),
      ]),
      { actor: 'seed:demo', atomic: true },
    );
    const post = (values: Record<string, unknown>[]) =>
      this.events.ingest(asyncRows(values), { actor: ACTOR, atomic: true });
    await this.links.ingest(
      asyncRows([
        {
          parentUscc: HOLDING,
          childUscc: PLATFORM,
          stakePercent: '90',
          from: '2015-01-01',
          source: SOURCE,
          sourceRecordId: 'L1',
        },
        {
          parentUscc: PLATFORM,
          childUscc: TECH,
          stakePercent: '70',
          from: '2015-01-01',
          source: SOURCE,
          sourceRecordId: 'L2',
        },
      ]),
      { actor: ACTOR, atomic: true },
    );
    const yellow = await post([
      {
        uscc: TECH,
        kind: 'acquisition',
        targetName: '浙江演示生鲜食品有限公司',
        targetIndustryCode: 'C1351',
        amount: '680000000.00',
        occurredOn: '2026-03-02',
        source: SOURCE,
        sourceRecordId: 'E-YELLOW',
      },
    ]);
    const red = await post([
      {
        uscc: PLATFORM,
        kind: 'acquisition',
        targetName: '浙江演示本地生活服务有限公司',
        targetIndustryCode: 'I6432',
        amount: '9500000000.00',
        investorTurnover: { global: '16000000000.00', china: '15000000000.00' },
        targetTurnover: { global: '2100000000.00', china: '2100000000.00' },
        occurredOn: '2026-04-15',
        notified: false,
        source: SOURCE,
        sourceRecordId: 'E-RED',
      },
    ]);
    console.log(
      `   events posted (fixed keys): ${describe(yellow)}; ${describe(red)} (a second run: unchanged, nothing re-judged)`,
    );

    for (const [label, key] of [
      ['yellow cross-industry acquisition', 'E-YELLOW'],
      ['red unnotified concentration', 'E-RED'],
    ] as const) {
      const [row]: {
        light: string;
        warning_id: string | null;
        evidence: { fired: FiredLightRule[]; group: { members: string[] }; merger?: { reasons?: string[] } };
      }[] = await this.dataSource.query(
        `SELECT l.light, l.warning_id::text AS warning_id, l.evidence FROM investment_lights l
             JOIN investment_events e ON e.id = l.event_id WHERE e.source = $1 AND e.source_record_id = $2`,
        [SOURCE, key],
      );
      console.log(
        `   ${label}: ${row.light.toUpperCase()} (warning ${row.warning_id ?? '-'}), group of ${row.evidence.group.members.length}`,
      );
      for (const f of row.evidence.fired) {
        console.log(
          `      ${f.light} ${f.rule}: ${f.reason}; ${f.factor} = ${JSON.stringify(f.value)}${f.basis ? `; basis ${f.basis.title} ${f.basis.article}` : ''}`,
        );
      }
      if (key === 'E-RED') for (const r of row.evidence.merger?.reasons ?? []) console.log(`      · ${r}`);
    }

    const parties: MergerParty[] = [
      { name: '甲', globalTurnover: '1500000000.00', chinaTurnover: '1500000000.00' },
      { name: '乙', globalTurnover: '1500000000.00', chinaTurnover: '1500000000.00' },
    ];
    for (const date of ['2024-01-21', '2024-01-22']) {
      const check = this.mergers.check(parties, date);
      console.log(
        `   merger check on ${date} (two parties, ¥1.5 bn each in China): mustNotify ${check.mustNotify} under ${check.thresholds.instrument}`,
      );
    }

    const [warning]: { id: string }[] = await this.dataSource.query(
      `SELECT w.id::text AS id FROM investment_warnings w WHERE w.uscc = $1 AND w.light = 'yellow' ORDER BY w.id LIMIT 1`,
      [TECH],
    );
    let view = await this.warnings.get(warning.id, null);
    if (view.status === 'open') view = await this.warnings.acknowledge(warning.id, null, ACTOR);
    if (view.status === 'acknowledged')
      view = await this.warnings.assign(warning.id, null, ACTOR, 'inspector-hz-07');
    if (view.status === 'assigned')
      view = await this.warnings.resolve(
        warning.id,
        null,
        ACTOR,
        'rectified',
        '约谈后企业承诺剥离非主业资产',
      );
    console.log(
      `   warning ${view.id}: ${view.history.map((h) => String(h.step)).join(' → ')}; outcome ${view.outcome}; the enterprise is marked for re-tiering`,
    );
  }
}

function describe(r: { accepted: number; unchanged: number; lights: { light: string }[] }): string {
  return r.accepted > 0 ? `new, ${r.lights.map((l) => l.light).join(', ')}` : `unchanged (${r.unchanged})`;
}

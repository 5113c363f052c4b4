import { FactDeriver, RunScope, scopeCondition } from '@app/assessment';
import { regionPatterns } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { RuleSetDocument, TieringRuleSet } from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evaluateTier } from '../evaluate/tier-evaluation';
import { BacktestRow, backtestTable, ReplayedInspection } from './backtest-table';

export interface BacktestView {
  version: string;
  from: string | null;
  to: string | null;
  /** Completed inspections replayed (a check took place: compliant or issues found). */
  inspections: number;
  /** Per tier the replayed version gives on each inspection's date. */
  tiers: BacktestRow[];
  /** The same inspections under the version in force on each one's date. */
  inForce: { versions: { version: string; inspections: number }[]; tiers: BacktestRow[] };
}

export interface BacktestFilter {
  from?: string;
  to?: string;
  /** A regulator's region prefixes (null: every region). */
  regions?: string[] | null;
  scope?: RunScope;
}

interface InspectionRow {
  uscc: string;
  issues: boolean;
  day: string;
  known_at: Date;
}

/**
 * Backtest (issue #12 point 7): replays a tiering version on the completed inspections — each
 * enterprise's facts as of its inspection's date (Asia/Shanghai), with the records known when that
 * day's first result was recorded, so an inspection's own result never feeds its tier — and counts
 * per tier the inspections done, the issues found and the detection rate, beside the version that
 * was in force on each date. Reads only.
 */
@Injectable()
export class BacktestService {
  private readonly derivers = new WeakMap<object, FactDeriver>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
  ) {}

  async backtest(version: string, filter: BacktestFilter = {}): Promise<BacktestView> {
    const { ruleSet } = await this.ruleSets.version('tiering', version);
    return this.replay(ruleSet, filter);
  }

  async replay(ruleSet: RuleSetDocument, filter: BacktestFilter = {}): Promise<BacktestView> {
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new DomainError(ErrorCode.ValidationFailed, 'from is after to', [
        { path: 'from', message: `${filter.from} is after to (${filter.to})` },
      ]);
    }
    const scope = scopeCondition(filter.scope ?? { type: 'all' }, 4);
    const rows: InspectionRow[] = await this.dataSource.query(
      `SELECT t.uscc::text AS uscc, (t.result->>'outcome') = 'issues_found' AS issues,
              to_char(t.result_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
              min(t.result_at) OVER (PARTITION BY (t.result_at AT TIME ZONE 'Asia/Shanghai')::date) AS known_at
         FROM inspection_tasks t JOIN enterprises e ON e.uscc = t.uscc
        WHERE t.result_at IS NOT NULL AND t.status IN ('done', 'published') AND t.withdrawn_at IS NULL
          AND t.result->>'outcome' IN ('compliant', 'issues_found')
          AND ($1::date IS NULL OR (t.result_at AT TIME ZONE 'Asia/Shanghai')::date >= $1::date)
          AND ($2::date IS NULL OR (t.result_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date)
          AND ($3::text[] IS NULL OR e.region_code LIKE ANY ($3::text[]))
          AND ${scope.sql}
        ORDER BY t.result_at, t.id`,
      [filter.from ?? null, filter.to ?? null, regionPatterns(filter.regions ?? null), ...scope.params],
    );
    const byDay = new Map<string, InspectionRow[]>();
    for (const r of rows) {
      const day = byDay.get(r.day);
      if (day) day.push(r);
      else byDay.set(r.day, [r]);
    }
    const replayed: ReplayedInspection[] = [];
    const inForce: ReplayedInspection[] = [];
    const versions = new Map<string, number>();
    for (const [day, items] of byDay) {
      const knownAt = new Date(items[0].known_at);
      const tiers = await this.tiers(ruleSet, items, day, knownAt);
      const current = (await this.ruleSets.inForce('tiering', day)).ruleSet;
      const currentTiers = current === ruleSet ? tiers : await this.tiers(current, items, day, knownAt);
      versions.set(current.version, (versions.get(current.version) ?? 0) + items.length);
      items.forEach((item, i) => {
        replayed.push({ tier: tiers[i], issuesFound: item.issues });
        inForce.push({ tier: currentTiers[i], issuesFound: item.issues });
      });
    }
    const order = (ruleSet as TieringRuleSet).outcome.tiers.map((t) => t.tier);
    return {
      version: ruleSet.version,
      from: filter.from ?? null,
      to: filter.to ?? null,
      inspections: rows.length,
      tiers: backtestTable(replayed, order),
      inForce: {
        versions: [...versions].map(([version, inspections]) => ({ version, inspections })),
        tiers: backtestTable(inForce, order),
      },
    };
  }

  /** The tier a version gives each inspected enterprise on a day (null: not evaluable). */
  private async tiers(
    ruleSet: RuleSetDocument,
    items: InspectionRow[],
    day: string,
    knownAt: Date,
  ): Promise<(string | null)[]> {
    let deriver = this.derivers.get(ruleSet);
    if (!deriver) {
      deriver = new FactDeriver(ruleSet.facts);
      this.derivers.set(ruleSet, deriver);
    }
    const usccs = [...new Set(items.map((i) => i.uscc))];
    const derived = await deriver.derive(this.dataSource, usccs, day, knownAt);
    const tierOf = new Map<string, string | null>();
    for (const d of derived) {
      if (d.underivable.length > 0) {
        tierOf.set(d.uscc, null);
        continue;
      }
      tierOf.set(d.uscc, (await evaluateTier(ruleSet, d.facts)).evaluation?.tier ?? null);
    }
    return items.map((i) => tierOf.get(i.uscc) ?? null);
  }
}

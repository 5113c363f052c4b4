import { ChangeFeed, DerivedFacts, FactDeriver } from '@app/assessment';
import { AuditService } from '@app/audit';
import { DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { compileRules, isContextAttribute, RuleEvaluator, RuleSetDocument } from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplianceFinding, decideCompliance } from '../domain/platform-compliance';

export interface PlatformComplianceView {
  uscc: string;
  isPlatform: boolean;
  /** The date (Asia/Shanghai) the responsibility list was judged on. */
  asOf: string;
  grade: string;
  /** All grades, best first (outcome.grades). */
  grades: string[];
  findings: ComplianceFinding[];
  /** Every fact the rules saw. */
  facts: Record<string, unknown>;
  ruleSet: { kind: 'platform-compliance'; version: string; effectiveFrom: string };
}

export interface RecordedCompliance {
  id: string;
  recordedAt: string;
  /** The grade recorded before this one (null: the first evaluation). */
  previousGrade: string | null;
  changed: boolean;
}

interface WarningStats {
  median_days: number | null;
  overdue: number;
  overdue_ids: string[] | null;
}

/**
 * GET /enterprises/:uscc/platform-compliance (平台合规评价, Zhejiang §24): the platform-compliance rule
 * set in force today graded over the enterprise's records (risk signals, algorithm filing,
 * data-security records: derived by the tiering fact query, with the records behind each fact) and
 * its investment-warning handling (the `warnings.*` context attributes, computed here).
 */
@Injectable()
export class PlatformComplianceService {
  private readonly compiled = new Map<string, { deriver: FactDeriver | null; evaluator: RuleEvaluator }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: RuleSetStore,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeed,
  ) {}

  /**
   * A regulator records the evaluation (合规评价): stored with its findings and facts, audited
   * (`platform-compliance.recorded`); the latest recorded grade is the `platform.compliance_grade`
   * fact, so a changed grade marks the enterprise on the change feed (re-tiered after the debounce).
   */
  async record(
    uscc: string,
    actor: string,
    note: string | undefined,
    now = new Date(),
  ): Promise<PlatformComplianceView & { recorded: RecordedCompliance }> {
    const view = await this.evaluate(uscc, now);
    const recorded = await this.dataSource.transaction(async (manager) => {
      const previous: { grade: string }[] = await manager.query(
        `SELECT grade FROM platform_compliance_grades WHERE uscc = $1 ORDER BY recorded_at DESC, id DESC LIMIT 1`,
        [uscc],
      );
      const rows: { id: string; recorded_at: Date }[] = await manager.query(
        `INSERT INTO platform_compliance_grades (uscc, grade, rule_set_version, evaluated_on, recorded_at, recorded_by, note, findings, facts)
         VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8::jsonb, $9::jsonb) RETURNING id::text AS id, recorded_at`,
        [
          uscc,
          view.grade,
          view.ruleSet.version,
          view.asOf,
          now,
          actor,
          note ?? null,
          JSON.stringify(view.findings),
          JSON.stringify(view.facts),
        ],
      );
      const previousGrade = previous[0]?.grade ?? null;
      await this.audit.append(manager, [
        {
          actor,
          action: 'platform-compliance.recorded',
          entityType: 'platform_compliance_grade',
          entityId: rows[0].id,
          data: {
            uscc,
            grade: view.grade,
            previousGrade,
            ruleSetVersion: view.ruleSet.version,
            note: note ?? null,
          },
        },
      ]);
      const changed = previousGrade !== view.grade;
      // The grade is a tiering and frequency fact: a change re-tiers through the one re-assessment path.
      if (changed) await this.changeFeed.mark(manager, [uscc]);
      return { id: rows[0].id, recordedAt: rows[0].recorded_at.toISOString(), previousGrade, changed };
    });
    return { ...view, recorded };
  }

  async evaluate(uscc: string, now = new Date()): Promise<PlatformComplianceView> {
    const enterprise: { is_platform: boolean }[] = await this.dataSource.query(
      `SELECT is_platform FROM enterprises WHERE uscc = $1`,
      [uscc],
    );
    if (enterprise.length === 0) throw new DomainError(ErrorCode.NotFound, `no enterprise ${uscc}`);
    const asOf = shanghaiDateOf(now);
    const stored = await this.store.inForce('platform-compliance', asOf);
    const ruleSet = stored.ruleSet;
    const { deriver, evaluator } = this.compile(stored.checksum, ruleSet);
    const derived: DerivedFacts = deriver
      ? (await deriver.derive(this.dataSource, [uscc], asOf, now))[0]
      : {
          uscc,
          facts: {},
          evidence: {},
          underivable: [],
          nextChangeOn: null,
          standing: null,
          factsKey: null,
          unchanged: false,
        };
    if (derived.underivable.length > 0)
      throw new DomainError(
        ErrorCode.Conflict,
        `platform-compliance facts without a value and without a default: ${derived.underivable.join(', ')}`,
      );
    const stats = await this.warningStats(
      uscc,
      String((ruleSet.outcome as { handlingDeadline: string }).handlingDeadline),
      now,
    );
    const facts: Record<string, unknown> = { ...derived.facts };
    const evidence: Record<string, string[]> = { ...derived.evidence };
    for (const [name, d] of Object.entries(ruleSet.facts)) {
      if (d.from === 'warnings.median_handling_days') facts[name] = stats.median_days ?? 0;
      if (d.from === 'warnings.overdue') {
        facts[name] = stats.overdue;
        if (stats.overdue_ids?.length) evidence[name] = stats.overdue_ids.map(String);
      }
    }
    const decision = decideCompliance(ruleSet, facts, await evaluator.evaluate(facts), evidence);
    return {
      uscc,
      isPlatform: enterprise[0].is_platform,
      asOf,
      grade: decision.grade,
      grades: [...(ruleSet.outcome as { grades: string[] }).grades],
      findings: decision.findings,
      facts,
      ruleSet: {
        kind: 'platform-compliance',
        version: ruleSet.version,
        effectiveFrom: ruleSet.effectiveFrom,
      },
    };
  }

  /**
   * The enterprise's investment warnings opened by `now`: the median open → resolved time of the
   * resolved ones in whole days (percentile_disc: an actual duration, no interpolation), and those
   * whose handling took — or, unresolved, has taken so far — longer than the deadline.
   */
  private async warningStats(uscc: string, deadline: string, now: Date): Promise<WarningStats> {
    const rows: WarningStats[] = await this.dataSource.query(
      `SELECT floor(extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY w.resolved_at - w.opened_at)
                FILTER (WHERE w.resolved_at IS NOT NULL AND w.resolved_at <= $2::timestamptz)) / 86400)::int AS median_days,
              count(*) FILTER (WHERE overdue)::int AS overdue,
              array_agg(w.id::text ORDER BY w.id) FILTER (WHERE overdue) AS overdue_ids
         FROM investment_warnings w
        CROSS JOIN LATERAL (SELECT (CASE WHEN w.resolved_at IS NOT NULL AND w.resolved_at <= $2::timestamptz
                                         THEN w.resolved_at ELSE $2::timestamptz END) - w.opened_at > $3::interval AS overdue) o
        WHERE w.uscc = $1 AND w.opened_at <= $2::timestamptz`,
      [uscc, now.toISOString(), deadline],
    );
    return rows[0];
  }

  private compile(
    checksum: string,
    ruleSet: RuleSetDocument,
  ): { deriver: FactDeriver | null; evaluator: RuleEvaluator } {
    let entry = this.compiled.get(checksum);
    if (!entry) {
      const derived = Object.fromEntries(
        Object.entries(ruleSet.facts).filter(([, d]) => d.from === undefined || !isContextAttribute(d.from)),
      );
      entry = {
        deriver: Object.keys(derived).length > 0 ? new FactDeriver(derived) : null,
        evaluator: compileRules(ruleSet.rules).evaluator,
      };
      this.compiled.set(checksum, entry);
    }
    return entry;
  }
}

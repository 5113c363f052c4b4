import { regionPatterns } from '@app/auth';
import { DomainError, ErrorCode, normalizeUscc } from '@app/domain';
import { AssessmentEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssessmentHistoryItem, AssessmentView, TierSummary, TierSummaryGroupBy } from './assessment.view';

/** Reads of assessments: the one in force on a date, the history, the tier summary. */
@Injectable()
export class AssessmentQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest assessment as of the end of `asOf` (Asia/Shanghai), or the latest of all. */
  async inForce(uscc: string, asOf?: string): Promise<AssessmentView> {
    const code = normalizeUscc(uscc);
    const qb = this.dataSource
      .getRepository(AssessmentEntity)
      .createQueryBuilder('a')
      .where('a.uscc = :code', { code })
      .andWhere('a.tier IS NOT NULL')
      .orderBy('a.as_of', 'DESC')
      .addOrderBy('a.created_at', 'DESC')
      .limit(1);
    if (asOf) qb.andWhere(`a.as_of <= (:asOf::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, { asOf });
    const found = await qb.getOne();
    if (!found) {
      throw new DomainError(
        ErrorCode.NotFound,
        `no assessment of ${code}${asOf ? ` in force on ${asOf}` : ''}`,
      );
    }
    return AssessmentView.of(found);
  }

  async history(
    uscc: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: AssessmentHistoryItem[]; total: number }> {
    const rows: {
      id: string;
      tier: string | null;
      previous: string | null;
      score: number | null;
      version: string;
      as_of: Date;
      trigger: string;
      created_at: Date;
      total: number;
    }[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT id, tier, lag(tier) OVER (ORDER BY as_of, created_at) AS previous, score, rule_set_version AS version,
                as_of, trigger, created_at, count(*) OVER ()::int AS total
           FROM assessments WHERE uscc = $1) h
        ORDER BY as_of DESC, created_at DESC LIMIT $2 OFFSET $3`,
      [normalizeUscc(uscc), page.limit, page.offset],
    );
    const total =
      rows[0]?.total ??
      (
        await this.dataSource.query(`SELECT count(*)::int AS total FROM assessments WHERE uscc = $1`, [
          normalizeUscc(uscc),
        ])
      )[0].total;
    const items = rows.map((r) => ({
      id: r.id,
      tier: r.tier,
      previousTier: r.previous,
      changed: r.previous !== null && r.previous !== r.tier,
      score: r.score,
      ruleSetVersion: r.version,
      asOf: r.as_of.toISOString(),
      trigger: r.trigger,
      createdAt: r.created_at.toISOString(),
    }));
    return { items, total };
  }

  /**
   * Current tiers in scope, and the movement since each enterprise's previous tier: +n for a tier
   * enterprises moved into, −n for one they left; first assessments are counted apart. Read from
   * `tier_summary`, which the database keeps exact as enterprises change (migration TierSummary):
   * a few thousand rows at most, whatever the size of the register.
   */
  async summary(scope: {
    regions?: string[] | null;
    industry?: string;
    groupBy?: TierSummaryGroupBy;
  }): Promise<TierSummary> {
    const key = scope.groupBy ? GROUP_KEYS[scope.groupBy] : `''`;
    const rows: { key: string; tier: string | null; previous: string | null; n: number }[] =
      await this.dataSource.query(
        `SELECT ${key} AS key, nullif(tier, '') AS tier, nullif(previous_tier, '') AS previous, sum(n)::int AS n
           FROM tier_summary
          WHERE ($1::text[] IS NULL OR region_code LIKE ANY ($1::text[])) AND ($2::text IS NULL OR industry_code LIKE $2 || '%')
          GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
        [regionPatterns(scope.regions ?? null), scope.industry ?? null],
      );
    const summary = emptySummary();
    const groups = new Map<string, TierSummary>();
    for (const r of rows) {
      count(summary, r);
      if (scope.groupBy) {
        const group = groups.get(r.key) ?? groups.set(r.key, emptySummary()).get(r.key)!;
        count(group, r);
      }
    }
    if (scope.groupBy)
      summary.groups = [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, s]) => ({ code, ...s }));
    return summary;
  }
}

/** The key of a breakdown: a division-code prefix of 2, 4 or 6 digits, or the industry section. */
const GROUP_KEYS: Record<TierSummaryGroupBy, string> = {
  province: 'left(region_code, 2)',
  city: 'left(region_code, 4)',
  county: 'region_code::text',
  section: 'left(industry_code, 1)',
};

function emptySummary(): TierSummary {
  return { tiers: {}, unassessed: 0, changeSincePrevious: {}, firstAssessed: 0, total: 0 };
}

function count(summary: TierSummary, r: { tier: string | null; previous: string | null; n: number }): void {
  const move = (tier: string, n: number) => {
    summary.changeSincePrevious[tier] = (summary.changeSincePrevious[tier] ?? 0) + n;
  };
  summary.total += r.n;
  if (r.tier === null) {
    summary.unassessed += r.n;
    return;
  }
  summary.tiers[r.tier] = (summary.tiers[r.tier] ?? 0) + r.n;
  if (r.previous === null) summary.firstAssessed += r.n;
  else if (r.previous !== r.tier) {
    move(r.tier, r.n);
    move(r.previous, -r.n);
  }
}

import { AssessmentService, ChangeFeed } from '@app/assessment';
import { Clock, shanghaiDateOf } from '@app/domain';
import { RuleSetStore } from '@app/rulesets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Re-tiers enterprises at once after a repair, through the existing assessment path (the tiering
 * version in force today, trigger `record_change`). `mark` runs inside the caller's transaction and
 * puts the enterprises on the change feed, so a process killed before `now` still gets them
 * re-assessed by the feed's job; `now` assesses them after the commit and clears the marks it
 * answered (a newer mark stays).
 */
@Injectable()
export class Retier {
  private readonly logger = new Logger(Retier.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentService,
    private readonly changeFeed: ChangeFeed,
    private readonly ruleSets: RuleSetStore,
    private readonly clock: Clock,
  ) {}

  async mark(manager: EntityManager, usccs: string[]): Promise<void> {
    await this.changeFeed.mark(manager, [...new Set(usccs)]);
  }

  /** Assesses the enterprises now; returns each one's tier (null when its assessment failed). */
  async now(usccs: string[]): Promise<Map<string, string | null>> {
    const unique = [...new Set(usccs)];
    const tiers = new Map<string, string | null>();
    if (unique.length === 0) return tiers;
    const startedAt = new Date();
    const asOf = shanghaiDateOf(this.clock.now());
    const { ruleSet } = await this.ruleSets.inForce('tiering', asOf);
    await this.assessments.assessBatch(ruleSet, unique, { asOf, trigger: 'record_change' });
    await this.dataSource.query(
      `DELETE FROM reassessment_marks WHERE uscc = ANY($1::bpchar[]) AND last_marked_at <= $2`,
      [unique, startedAt],
    );
    const rows: { uscc: string; current_tier: string | null }[] = await this.dataSource.query(
      `SELECT uscc, current_tier FROM enterprises WHERE uscc = ANY($1::bpchar[])`,
      [unique],
    );
    for (const row of rows) tiers.set(row.uscc.trim(), row.current_tier);
    this.logger.log(`re-tiered ${unique.length} enterprise(s) after a repair`);
    return tiers;
  }
}

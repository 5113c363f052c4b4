import { AssessmentEntity } from '@app/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WhyNotView } from './why-not.view';

/** One assessment with its explanation: the rule version, the facts, what fired and why. */
export class AssessmentView {
  @ApiProperty() id!: string;
  @ApiProperty() uscc!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null when the assessment failed' })
  tier!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ example: 'tiering' }) ruleSetKind!: string;
  @ApiProperty({ example: '2026.1' }) ruleSetVersion!: string;
  @ApiProperty({ description: 'end of the as-of day, Asia/Shanghai' }) asOf!: string;
  @ApiProperty({ description: 'sha-256 of the canonical input facts' }) inputDigest!: string;
  @ApiProperty({ enum: ['scheduled', 'record_change', 'rule_publication', 'manual'] }) trigger!: string;
  @ApiProperty({ description: 'fact name → value the rules saw (dates as days since 1970-01-01)' })
  facts!: Record<string, unknown>;
  @ApiProperty({ description: 'fired score rules: rule, factor, points, reason, records' }) fired!: unknown[];
  @ApiProperty({ description: 'applied overrides: rule, factor, tier, mode, reason, records' })
  overrides!: unknown[];
  @ApiPropertyOptional({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({
    type: WhyNotView,
    description: 'with ?explain=full: why the other rules did not fire, and the distance to each tier',
  })
  whyNot?: WhyNotView;

  static of(a: AssessmentEntity): AssessmentView {
    return {
      id: a.id,
      uscc: a.uscc.trim(),
      tier: a.tier,
      score: a.score,
      ruleSetKind: a.ruleSetKind,
      ruleSetVersion: a.ruleSetVersion,
      asOf: a.asOf.toISOString(),
      inputDigest: a.inputDigest,
      trigger: a.trigger,
      facts: a.facts,
      fired: a.fired,
      overrides: a.overrides,
      failureReason: a.failureReason,
      createdAt: a.createdAt.toISOString(),
    };
  }
}

export class AssessmentHistoryItem {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) tier!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the tier before this one, if it changed',
  })
  previousTier!: string | null;
  @ApiProperty() changed!: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty() ruleSetVersion!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() trigger!: string;
  @ApiProperty() createdAt!: string;
}

/** The breakdowns GET /tiers/summary?groupBy= gives: division-code prefixes of 2, 4, 6 digits, or industry sections. */
export const TIER_SUMMARY_GROUPS = ['province', 'city', 'county', 'section'] as const;
export type TierSummaryGroupBy = (typeof TIER_SUMMARY_GROUPS)[number];

export class TierSummaryGroup {
  @ApiProperty({ example: '35', description: 'the division-code prefix or the industry section' })
  code!: string;
  @ApiProperty({ example: { A: 65, B: 25 } }) tiers!: Record<string, number>;
  @ApiProperty() unassessed!: number;
  @ApiProperty() changeSincePrevious!: Record<string, number>;
  @ApiProperty() firstAssessed!: number;
  @ApiProperty() total!: number;
}

export class TierSummary {
  @ApiProperty({ example: { A: 650, B: 250, C: 80, D: 20 } }) tiers!: Record<string, number>;
  @ApiProperty({ description: 'enterprises in scope not assessed yet' }) unassessed!: number;
  @ApiProperty({
    description:
      'per tier: enterprises that moved in minus those that moved out, since their previous assessment',
  })
  changeSincePrevious!: Record<string, number>;
  @ApiProperty({ description: 'enterprises assessed for the first time' }) firstAssessed!: number;
  @ApiProperty() total!: number;
  @ApiPropertyOptional({
    type: [TierSummaryGroup],
    description: 'with groupBy: the same counts per group with any enterprise, in code order',
  })
  groups?: TierSummaryGroup[];
}

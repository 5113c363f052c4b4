import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The OpenAPI shape of `explainWhyNot` (@app/rules): why the rules that did not fire did not. */

class LegalBasisView {
  @ApiProperty({ example: '市场监督管理严重违法失信名单管理办法' }) title!: string;
  @ApiProperty({ example: '第十条' }) article!: string;
  @ApiPropertyOptional({ format: 'uri' }) url?: string;
}

class RuleEventView {
  @ApiProperty({ example: 'score' }) type!: string;
  @ApiPropertyOptional() factor?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() points?: number;
  @ApiPropertyOptional() tier?: string;
}

export class RuleReferenceView {
  @ApiProperty({ example: 'general-penalty' }) rule!: string;
  @ApiProperty({ type: RuleEventView }) event!: RuleEventView;
  @ApiPropertyOptional({ type: LegalBasisView }) basis?: LegalBasisView;
}

class FailedConditionView {
  @ApiProperty({ example: 'conditions.all[0]', description: 'where in the rule' }) path!: string;
  @ApiPropertyOptional({ example: 'general_penalties_3y', description: 'absent for a failed `not`' })
  fact?: string;
  @ApiPropertyOptional({ example: 'greaterThanInclusive' }) operator?: string;
  @ApiPropertyOptional({ description: "the fact's value as the rules saw it (any JSON value)" })
  value?: unknown;
  @ApiPropertyOptional({ description: 'what it was compared with (any JSON value)' }) threshold?: unknown;
  @ApiPropertyOptional({ description: 'set when the threshold is another fact' }) thresholdFact?: string;
  @ApiProperty({ example: 'general_penalties_3y = 0, needs ≥ 1' }) text!: string;
}

export class NotFiredRuleView extends RuleReferenceView {
  @ApiProperty({
    type: FailedConditionView,
    nullable: true,
    description:
      'the first condition that failed; null only if the conditions hold yet the rule did not fire',
  })
  failed!: FailedConditionView | null;
  @ApiProperty({ example: 'general-penalty: general_penalties_3y = 0, needs ≥ 1' }) text!: string;
}

export class TierDistanceView {
  @ApiProperty({ example: 'A' }) tier!: string;
  @ApiProperty({ type: Number, nullable: true, description: "lowest score of the tier's band" })
  min!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "highest score of the tier's band" })
  max!: number | null;
  @ApiProperty({ description: 'points to gain (> 0) or lose (< 0) to reach the band; 0 inside it' })
  pointsNeeded!: number;
  @ApiPropertyOptional({
    description: 'a fired override that keeps the result from this tier whatever the score',
  })
  blockedBy?: string;
  @ApiProperty({ example: 'A: 8 points short (needs ≥ 90)' }) text!: string;
}

export class WhyNotView {
  @ApiProperty({ example: 'tiering' }) ruleSetKind!: string;
  @ApiProperty({ example: '2026.1' }) ruleSetVersion!: string;
  @ApiProperty({ type: [RuleReferenceView], description: 'the rules that fired, with their legal basis' })
  fired!: RuleReferenceView[];
  @ApiProperty({ type: [NotFiredRuleView], description: 'every rule that did not fire, and why' })
  notFired!: NotFiredRuleView[];
  @ApiPropertyOptional() score?: number;
  @ApiPropertyOptional() tier?: string;
  @ApiPropertyOptional({ type: [TierDistanceView], description: 'the distance to every tier, best first' })
  tiers?: TierDistanceView[];
}

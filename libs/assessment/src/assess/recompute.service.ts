import { DomainError, ErrorCode, normalizeUscc, shanghaiDateOf } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RuleSetStore } from '@app/rulesets';
import { AssessmentService } from './assessment.service';

interface Outcome {
  tier: string | null;
  score: number | null;
  inputDigest: string;
  firedRules: string[];
  failureReason: string | null;
}

export interface RecomputeView {
  assessmentId: string;
  uscc: string;
  ruleSet: { kind: string; version: string };
  asOf: string;
  /** Records received after this instant are left out, as they were unknown then. */
  factsKnownAt: string;
  stored: Outcome;
  recomputed: Outcome;
  matches: boolean;
  /** What differs, field by field, when it does not match. */
  differences: { field: string; stored: unknown; recomputed: unknown }[];
}

/**
 * Recomputes a stored assessment with the rule-set version it names and the records known when it
 * was made (received up to its facts_known_at), as of its date: the proof that a past decision is
 * reproducible. Corrections rewrite a record in place (the old version is in the audit log), so a
 * record corrected since then is read as it is now and the recompute says so by not matching.
 */
@Injectable()
export class RecomputeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentService,
    private readonly ruleSets: RuleSetStore,
  ) {}

  async recompute(uscc: string, assessmentId: string): Promise<RecomputeView> {
    const code = normalizeUscc(uscc);
    const rows: {
      id: string;
      uscc: string;
      tier: string | null;
      score: number | null;
      rule_set_kind: string;
      rule_set_version: string;
      as_of: Date;
      input_digest: string;
      fired: { rule: string }[];
      failure_reason: string | null;
      facts_known_at: Date;
    }[] = /^[0-9a-f-]{36}$/i.test(assessmentId)
      ? await this.dataSource.query(
          `SELECT id, uscc, tier, score, rule_set_kind, rule_set_version, as_of, input_digest, fired, failure_reason,
                  coalesce(facts_known_at, created_at) AS facts_known_at
             FROM assessments WHERE id = $1 AND uscc = $2`,
          [assessmentId, code],
        )
      : [];
    if (rows.length === 0)
      throw new DomainError(ErrorCode.NotFound, `no assessment ${assessmentId} of ${code}`);
    const stored = rows[0];
    const { ruleSet } = await this.ruleSets.version(stored.rule_set_kind, stored.rule_set_version);
    const asOf = shanghaiDateOf(new Date(stored.as_of));
    const [again] = await this.assessments.dryRun(ruleSet, [code], asOf, new Date(stored.facts_known_at));
    const before: Outcome = {
      tier: stored.tier,
      score: stored.score,
      inputDigest: stored.input_digest,
      firedRules: stored.fired.map((f) => f.rule),
      failureReason: stored.failure_reason,
    };
    const after: Outcome = {
      tier: again.tier,
      score: again.score,
      inputDigest: again.input_digest,
      firedRules: (again.fired as { rule: string }[]).map((f) => f.rule),
      failureReason: again.failure_reason,
    };
    const differences = (Object.keys(before) as (keyof Outcome)[])
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((field) => ({ field, stored: before[field], recomputed: after[field] }));
    return {
      assessmentId: stored.id,
      uscc: code,
      ruleSet: { kind: ruleSet.kind, version: ruleSet.version },
      asOf,
      factsKnownAt: new Date(stored.facts_known_at).toISOString(),
      stored: before,
      recomputed: after,
      matches: differences.length === 0,
      differences,
    };
  }
}

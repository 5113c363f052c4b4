import type { EntityManager } from 'typeorm';

/**
 * Capabilities that follow the tier (observation periods) register here. Every batch of assessments
 * the AssessmentService writes — a re-tier run's chunk, the change feed, the CLI — is shown to each
 * hook before its write transaction (`prepare`, reading on its own connections), and what the hook
 * returns runs inside that transaction after the tiers moved, so it commits with the assessments or
 * not at all. A hook must stay cheap: a re-tier run calls it once per chunk.
 */
export const ASSESSMENT_WRITE_HOOKS = Symbol('ASSESSMENT_WRITE_HOOKS');

export interface AssessedBatch {
  /** The regulatory date (YYYY-MM-DD, Asia/Shanghai). */
  asOf: string;
  /** The tiering rule set's version. */
  ruleSetVersion: string;
  /** Enterprises that got a tier (failed assessments are left out). */
  assessed: { uscc: string; tier: string }[];
}

export interface AssessmentWriteHook {
  readonly name: string;
  prepare(batch: AssessedBatch): Promise<((manager: EntityManager) => Promise<void>) | null>;
}

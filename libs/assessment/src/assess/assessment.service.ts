import { endOfShanghaiDay } from '@app/domain';
import type { AssessmentTrigger } from '@app/persistence';
import {
  compileRules,
  evaluateRuleSet,
  evaluateRuleSetSync,
  FactsUnavailableError,
  RuleEvaluator,
  RuleSetDocument,
  type LegalBasis,
} from '@app/rules';
import { Metrics } from '@app/metrics';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { copyFields, copyInto } from '@app/persistence';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DerivedFacts, FactDeriver } from '../facts/fact.deriver';
import { ASSESSMENT_WRITE_HOOKS, AssessmentWriteHook } from './assessment-write.hook';
import { contentKey, disposition } from './content-key';

/** The columns of a COPY line of an assessment, in their order. */
const ASSESSMENT_COLUMNS = [
  'id',
  'uscc',
  'tier',
  'score',
  'rule_set_kind',
  'rule_set_version',
  'as_of',
  'input_digest',
  'facts',
  'fired',
  'overrides',
  'trigger',
  'run_id',
  'failure_reason',
  'facts_known_at',
  'next_change_on',
  'content_key',
];

export interface AssessOptions {
  /** The regulatory date the assessment is as of (YYYY-MM-DD, Asia/Shanghai). */
  asOf: string;
  trigger: AssessmentTrigger;
  runId?: string;
  /**
   * Runs inside the transaction that appends the assessments, after them: a re-tier run marks its
   * chunk done here, so the chunk and its assessments commit together or not at all. Throwing rolls
   * everything back.
   */
  within?: (manager: EntityManager, result: Omit<BatchResult, 'timings' | 'skipped'>) => Promise<void>;
  /**
   * Runs first inside that transaction; false abandons the batch (nothing is written) and the result
   * says `skipped`. A run claims its chunk here, so a second execution of the same chunk waits for
   * the first and then finds it done.
   */
  claim?: (manager: EntityManager) => Promise<boolean>;
}

class ClaimRefused extends Error {}

export interface BatchResult {
  assessed: number;
  failed: number;
  /** Of the assessed, those whose current assessment a run confirmed instead of writing another. */
  confirmed: number;
  tiers: Record<string, number>;
  /** Enterprises whose current tier changed. */
  changed: number;
  /** Current-tier changes by "from→to" ("→A" for a first tier). */
  transitions: Record<string, number>;
  /** The claim was refused: nothing was written. */
  skipped: boolean;
  /** Milliseconds spent deriving facts, evaluating rules and writing, for progress and benchmarks. */
  timings: { deriveMs: number; evaluateMs: number; writeMs: number };
}

/** One fired score rule as stored: the explanation of one factor of the score. */
export interface StoredFactor {
  rule: string;
  factor: string;
  points: number;
  reason: string;
  /** Ids of the records behind the rule's fact. */
  records: string[];
  /** The rule's legal basis, when it has one. */
  basis?: LegalBasis;
}

/** One applied override as stored. */
export interface StoredOverride {
  rule: string;
  factor: string;
  tier: string;
  mode: string;
  reason: string;
  records: string[];
  basis?: LegalBasis;
}

/** One assessment as it is stored (before it is). */
export interface PreparedAssessment {
  uscc: string;
  tier: string | null;
  score: number | null;
  input_digest: string;
  /** The facts as JSON: for an evaluated enterprise the canonical JSON its digest was taken of. */
  facts: string;
  fired: StoredFactor[];
  overrides: StoredOverride[];
  failure_reason: string | null;
  /** The next date on which one of the facts changes by itself (YYYY-MM-DD), or null. */
  next_change_on: string | null;
  /** The digest of the facts' row under the rule set and version (see `FactsKey`), or null. */
  facts_key: string | null;
}

/**
 * Goes into every facts key beside the rule set and version: raised when tierwatch evaluates the same
 * facts differently (resolving, defaults, the outcome), so no run confirms an assessment by a key
 * taken under the old evaluation.
 */
export const FACTS_KEY_REVISION = 1;

/** The prefix a run's facts keys are taken under: the rule set, its version and the revision above. */
export function factsKeyPrefix(ruleSet: Pick<RuleSetDocument, 'kind' | 'version'>): string {
  return `${ruleSet.kind}@${ruleSet.version}|r${FACTS_KEY_REVISION}`;
}

/**
 * Assesses a batch of enterprises under one rule set: derive the facts (one query), evaluate each
 * enterprise with the compiled rules (json-rules-engine when the rule set needs it), and append the
 * assessments — tier, score, the fired rules with the records behind each fact, overrides, the rule
 * version, the as-of date and the input digest — then move each enterprise's current tier.
 */
@Injectable()
export class AssessmentService {
  private readonly logger = new Logger(AssessmentService.name);
  private readonly compiled = new Map<string, { deriver: FactDeriver; evaluator: RuleEvaluator }>();

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(ASSESSMENT_WRITE_HOOKS) private readonly hooks: AssessmentWriteHook[] = [],
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async assessBatch(ruleSet: RuleSetDocument, usccs: string[], options: AssessOptions): Promise<BatchResult> {
    const { deriver, evaluator } = this.prepare(ruleSet);
    const t0 = performance.now();
    const knownAt = new Date();
    // A run is told which enterprises' facts are those their current assessment was evaluated from
    // (same facts key): it confirms that assessment without reading or evaluating the facts again.
    const derived = await deriver.derive(this.dataSource, usccs, options.asOf, knownAt, {
      prefix: factsKeyPrefix(ruleSet),
      confirm: options.runId !== undefined,
    });
    const t1 = performance.now();
    const rows = await this.evaluate(ruleSet, evaluator, derived);
    const hookBatch = {
      asOf: options.asOf,
      ruleSetVersion: ruleSet.version,
      assessed: rows.flatMap((r) => (r.tier === null ? [] : [{ uscc: r.uscc, tier: r.tier }])),
    };
    const followUps: ((manager: EntityManager) => Promise<void>)[] = [];
    for (const hook of this.hooks) {
      const followUp = await hook.prepare(hookBatch);
      if (followUp) followUps.push(followUp);
    }
    // A run confirms an enterprise whose assessment would say word for word what its current one
    // says (same content key) instead of writing it again — known without evaluating when the facts
    // are unchanged (same facts key); a single re-tier always writes.
    const keys = rows.map((r, i) =>
      derived[i].unchanged
        ? derived[i].standing!.contentKey
        : r.tier === null
          ? null
          : contentKey(ruleSet.kind, ruleSet.version, r),
    );
    const written: number[] = [];
    const confirmed: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      // (an unchanged row has its current assessment's key, as of this date or before: confirmed)
      const how =
        options.runId === undefined ? 'write' : disposition(keys[i], derived[i].standing, options.asOf);
      (how === 'confirm' ? confirmed : written).push(i);
    }
    const t2 = performance.now();
    const asOf = endOfShanghaiDay(options.asOf).toISOString();
    const write = this.dataSource.transaction(async (m) => {
      if (options.claim && !(await options.claim(m))) throw new ClaimRefused();
      const client = (m.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const known = knownAt.toISOString();
      // Time-ordered ids (UUIDv7): a run appends to the primary-key index instead of scattering.
      const ids: string[] = new Array<string>(rows.length);
      for (const i of written) ids[i] = uuidv7();
      if (confirmed.length > 0) {
        // One row for the batch: its codes and the assessments it confirmed, in step.
        await m.query(
          `INSERT INTO assessment_confirmations (id, run_id, as_of, facts_known_at, usccs, assessment_ids)
           VALUES ($1, $2, $3, $4, $5::bpchar[], $6::uuid[])`,
          [
            uuidv7(),
            options.runId,
            asOf,
            known,
            confirmed.map((i) => rows[i].uscc),
            confirmed.map((i) => derived[i].standing!.assessmentId),
          ],
        );
      }
      // One UPDATE of the register per transaction: the tier-summary trigger locks its counters in
      // order within a statement, and two statements could take them in opposite orders in two
      // chunks (a deadlock, seen in bench:assess). It moves the current tier of every written
      // assessment and settles every confirmed enterprise whose previous tier still shows an older
      // movement (it did not move in this run, so the summary shows none).
      const assessed: number[] = [];
      for (const i of written) if (rows[i].tier !== null) assessed.push(i);
      // In code order, as the register's other writers lock its rows (ingestion, the change feed,
      // other chunks): two transactions locking rows in two orders could deadlock. A confirmation
      // found by evaluating (not by the facts key) also records the key its facts have now.
      const settles = new Set(confirmed.filter((i) => derived[i].standing!.moved || !derived[i].unchanged));
      const updated = [...assessed, ...settles].sort((a, b) =>
        rows[a].uscc < rows[b].uscc ? -1 : rows[a].uscc > rows[b].uscc ? 1 : 0,
      );
      const settling = updated.map((i) => settles.has(i));
      const idOf = (i: number, k: number) => (settling[k] ? derived[i].standing!.assessmentId : ids[i]);
      const moves: { before: string | null; after: string; n: number }[] = await m.query(
        // uscc as char(18), like the column: compared as text, the primary key could not be used
        `WITH moved AS (
           UPDATE enterprises e
              SET current_tier = x.tier, previous_tier = e.current_tier, current_assessment_id = x.id,
                  current_facts_known_at = CASE WHEN x.settle THEN e.current_facts_known_at ELSE $4::timestamptz END,
                  next_tier_change_on = CASE WHEN x.settle THEN e.next_tier_change_on ELSE x.next_change_on END,
                  current_content_key = CASE WHEN x.settle THEN e.current_content_key ELSE x.content_key END,
                  current_as_of = CASE WHEN x.settle THEN e.current_as_of ELSE $8::date END,
                  current_facts_key = x.facts_key
             FROM unnest($1::uuid[], $2::bpchar[], $3::text[], $5::date[], $6::text[], $7::boolean[], $9::text[])
                  AS x(id, uscc, tier, next_change_on, content_key, settle, facts_key)
            WHERE e.uscc = x.uscc
              AND CASE WHEN x.settle
                       -- still the assessment the run confirmed, still showing an older movement or
                       -- another facts key
                       THEN e.current_assessment_id = x.id
                            AND (e.previous_tier IS DISTINCT FROM e.current_tier
                                 OR e.current_facts_key IS DISTINCT FROM x.facts_key)
                       -- never replace a current assessment computed from newer facts
                       ELSE e.current_facts_known_at IS NULL OR e.current_facts_known_at <= $4::timestamptz END
            -- previous_tier is set to the tier the row had: the tier before this assessment
            RETURNING e.previous_tier AS before, x.tier AS after)
         SELECT before, after, count(*)::int AS n FROM moved WHERE before IS DISTINCT FROM after GROUP BY 1, 2`,
        [
          updated.map(idOf),
          updated.map((i) => rows[i].uscc),
          updated.map((i) => rows[i].tier),
          known,
          updated.map((i) => rows[i].next_change_on),
          updated.map((i) => keys[i]),
          settling,
          options.asOf,
          updated.map((i) => rows[i].facts_key),
        ],
      );
      // The assessments are copied after the register is updated, not before: the update finds the
      // register's rows on the pages the fact query has just read, before the chunk's COPY (and the
      // other lanes') push them out of the shared buffers. On a daily run of 10,000 scattered
      // enterprises with 128 MB of shared buffers, the update read 3,100 pages again per 2,000 rows
      // after the COPY and 711–2,018 before it. Nothing reads the new assessments before the commit,
      // and the register names them by the ids chosen above. (The tier summary's counters are then
      // locked a COPY longer: measured, other lanes wait 9–100 ms for them, time the CPU spends on
      // other work.)
      if (written.length > 0) {
        // COPY, not INSERT … SELECT FROM jsonb_to_recordset: each explanation is parsed once, as its
        // own jsonb value, instead of one large JSON document parsed and then split. Each line is
        // encoded on its own (copyInto): joining a chunk's lines first — 2.5 M characters, the rules'
        // reasons two-byte — and encoding the whole took 26 ms for 2,000 lines against 10 ms.
        const fixed = copyFields([ruleSet.kind, ruleSet.version, asOf]);
        const tail = copyFields([options.trigger, options.runId ?? null]);
        const lines = written.map((i) => {
          const r = rows[i];
          return `${copyFields([ids[i], r.uscc, r.tier, r.score])}\t${fixed}\t${copyFields([
            r.input_digest,
            r.facts,
            JSON.stringify(r.fired),
            JSON.stringify(r.overrides),
          ])}\t${tail}\t${copyFields([r.failure_reason, known, r.next_change_on, keys[i]])}\n`;
        });
        await copyInto(client, 'assessments', ASSESSMENT_COLUMNS, lines);
      }
      const ok = rows.filter((r) => r.tier !== null);
      const tiers: Record<string, number> = {};
      for (const r of ok) tiers[r.tier!] = (tiers[r.tier!] ?? 0) + 1;
      const transitions: Record<string, number> = {};
      let changed = 0;
      for (const move of moves) {
        transitions[`${move.before ?? ''}→${move.after}`] = move.n;
        changed += move.n;
      }
      const summary = {
        assessed: ok.length,
        failed: rows.length - ok.length,
        confirmed: confirmed.length,
        tiers,
        changed,
        transitions,
      };
      for (const followUp of followUps) await followUp(m);
      await options.within?.(m, summary);
      return { ...summary, skipped: false };
    });
    const result = await write.catch((error: unknown) => {
      if (!(error instanceof ClaimRefused)) throw error;
      return { assessed: 0, failed: 0, confirmed: 0, tiers: {}, changed: 0, transitions: {}, skipped: true };
    });
    const t3 = performance.now();
    if (!result.skipped) {
      const confirmedTiers: Record<string, number> = {};
      for (const i of confirmed) confirmedTiers[rows[i].tier!] = (confirmedTiers[rows[i].tier!] ?? 0) + 1;
      const writtenTiers = Object.fromEntries(
        Object.entries(result.tiers).map(([tier, n]) => [tier, n - (confirmedTiers[tier] ?? 0)]),
      );
      this.metrics?.countAssessments(writtenTiers, result.failed, options.trigger, 'written');
      this.metrics?.countAssessments(confirmedTiers, 0, options.trigger, 'confirmed');
      if (options.runId) this.metrics?.runEnterprises.inc(result.assessed + result.failed);
    }
    return {
      ...result,
      timings: { deriveMs: t1 - t0, evaluateMs: t2 - t1, writeMs: t3 - t2 },
    };
  }

  /**
   * Derives and evaluates without writing anything: what an assessment of these enterprises would
   * store, as of a date and with the records known at an instant (a recompute of a past one).
   */
  async dryRun(
    ruleSet: RuleSetDocument,
    usccs: string[],
    asOf: string,
    knownAt: Date,
  ): Promise<PreparedAssessment[]> {
    const { deriver, evaluator } = this.prepare(ruleSet);
    const derived = await deriver.derive(this.dataSource, usccs, asOf, knownAt);
    return this.evaluate(ruleSet, evaluator, derived);
  }

  private async evaluate(
    ruleSet: RuleSetDocument,
    evaluator: RuleEvaluator,
    derived: DerivedFacts[],
  ): Promise<PreparedAssessment[]> {
    const rows: PreparedAssessment[] = [];
    for (const d of derived) {
      if (d.unchanged) {
        rows.push(unchangedRow(d));
        continue;
      }
      if (d.underivable.length > 0) {
        rows.push(
          failed(d.uscc, d.facts, `facts cannot be derived and have no default: ${d.underivable.join(', ')}`),
        );
        continue;
      }
      try {
        // Compiled rules answer synchronously: no promise per enterprise on the batch path.
        const outcome =
          evaluator.kind === 'compiled'
            ? evaluateRuleSetSync(ruleSet, d.facts, evaluator)
            : await evaluateRuleSet(ruleSet, d.facts, evaluator);
        rows.push({
          uscc: d.uscc,
          tier: outcome.tier,
          score: outcome.score,
          input_digest: outcome.inputDigest,
          facts: outcome.inputFacts,
          fired: outcome.fired.map((f) => ({
            rule: f.rule,
            factor: f.factor,
            points: f.points,
            reason: f.reason,
            records: d.evidence[f.factor] ?? [],
            ...(f.basis ? { basis: f.basis } : {}),
          })),
          overrides: outcome.overrides.map((o) => ({
            rule: o.rule,
            factor: o.factor,
            tier: o.tier,
            mode: o.mode,
            reason: o.reason,
            records: d.evidence[o.factor] ?? [],
            ...(o.basis ? { basis: o.basis } : {}),
          })),
          failure_reason: null,
          next_change_on: d.nextChangeOn,
          facts_key: d.factsKey,
        });
      } catch (error) {
        if (!(error instanceof FactsUnavailableError)) throw error;
        rows.push(failed(d.uscc, d.facts, error.message));
      }
    }
    return rows;
  }

  private prepare(ruleSet: RuleSetDocument): { deriver: FactDeriver; evaluator: RuleEvaluator } {
    const key = `${ruleSet.kind}@${ruleSet.version}`;
    let entry = this.compiled.get(key);
    if (!entry) {
      const { evaluator, unsupported } = compileRules(ruleSet.rules);
      if (unsupported.length > 0) {
        this.logger.warn(`rule set ${key}: falling back to json-rules-engine: ${unsupported.join('; ')}`);
      }
      entry = { deriver: new FactDeriver(ruleSet.facts), evaluator };
      this.compiled.set(key, entry);
    }
    return entry;
  }
}

function failed(uscc: string, facts: Record<string, unknown>, reason: string): PreparedAssessment {
  return {
    uscc,
    tier: null,
    score: null,
    input_digest: '0'.repeat(64),
    facts: JSON.stringify(facts),
    fired: [],
    overrides: [],
    failure_reason: reason,
    next_change_on: null,
    // a failure is never confirmed: each run evaluates it again
    facts_key: null,
  };
}

/**
 * An enterprise whose facts are those of its current assessment: that assessment's tier, and
 * nothing else (it is confirmed, not written).
 */
function unchangedRow(d: DerivedFacts): PreparedAssessment {
  return {
    uscc: d.uscc,
    tier: d.standing!.tier,
    score: null,
    input_digest: '',
    facts: '',
    fired: [],
    overrides: [],
    failure_reason: null,
    next_change_on: null,
    facts_key: d.factsKey,
  };
}

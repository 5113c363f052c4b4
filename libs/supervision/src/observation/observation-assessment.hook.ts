import type { AssessedBatch, AssessmentWriteHook } from '@app/assessment';
import { FactDeriver } from '@app/assessment';
import { AuditService } from '@app/audit';
import { DomainError, ErrorCode } from '@app/domain';
import { compileRules, isContextAttribute, type RuleEvaluator, type RuleSetDocument } from '@app/rules';
import { rulesDirectory, RuleSetStore } from '@app/rulesets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { newBusinessFormSqlParams, readNewBusinessForms } from '../new-business-forms/new-business-forms';
import {
  asObservationRuleSet,
  decideObservation,
  ObservationDecision,
  periodEndsOn,
  resolveObservationFacts,
} from './observation-eligibility';
import { endPeriods, insertPeriods, PeriodEnd, PeriodStart } from './observation-period.repository';

interface Candidate {
  uscc: string;
  nbf: boolean;
  open_id: string | null;
  open_source: 'rule' | 'regulator' | null;
  open_ends_on: string | null;
  had_period: boolean;
}

/**
 * Automatic entry into and exit from observation periods on assessment (DOMAIN.md §4). For each
 * batch of assessments, one query picks the enterprises that matter — new business forms and those
 * in an open period — and only those are evaluated under the observation rule set in force on the
 * as-of date, with the tier just computed: an eligible new business form that never had a period
 * enters one; an enterprise in a period the rules started leaves it when no longer eligible (a
 * red-line bar — a serious record — says so). Periods a regulator started are left alone, and so are
 * periods past their end (the daily expiry job closes them).
 */
@Injectable()
export class ObservationAssessmentHook implements AssessmentWriteHook {
  readonly name = 'observation';
  private readonly logger = new Logger(ObservationAssessmentHook.name);
  private readonly cache = new Map<string, { deriver: FactDeriver | null; evaluator: RuleEvaluator }>();
  private readonly directory: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly audit: AuditService,
    directory?: string,
  ) {
    this.directory = directory ?? rulesDirectory();
  }

  async prepare(batch: AssessedBatch): Promise<((m: EntityManager) => Promise<void>) | null> {
    if (batch.assessed.length === 0) return null;
    const nbf = newBusinessFormSqlParams(readNewBusinessForms(this.directory));
    const candidates: Candidate[] = await this.dataSource.query(
      `SELECT e.uscc::text AS uscc,
              (e.new_business_form OR e.industry_code LIKE ANY($2::text[]) OR e.tags && $3::text[]) AS nbf,
              p.id::text AS open_id, p.source AS open_source, p.ends_on::text AS open_ends_on,
              EXISTS (SELECT 1 FROM observation_periods h WHERE h.uscc = e.uscc) AS had_period
         FROM enterprises e
         LEFT JOIN observation_periods p ON p.uscc = e.uscc AND p.ended_at IS NULL
        WHERE e.uscc = ANY($1::bpchar[])
          AND (e.new_business_form OR e.industry_code LIKE ANY($2::text[]) OR e.tags && $3::text[]
               OR p.id IS NOT NULL)`,
      [batch.assessed.map((a) => a.uscc), nbf.patterns, nbf.tags],
    );
    // Rule periods still running decide on exit; first-time new business forms on entry.
    const relevant = candidates.filter((c) =>
      c.open_id !== null ? c.open_source === 'rule' && c.open_ends_on! >= batch.asOf : c.nbf && !c.had_period,
    );
    if (relevant.length === 0) return null;
    let ruleSet: RuleSetDocument;
    try {
      ruleSet = asObservationRuleSet((await this.ruleSets.inForce('observation', batch.asOf)).ruleSet);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) {
        this.logger.warn(`no observation rule set in force on ${batch.asOf}: periods left as they are`);
        return null;
      }
      throw error;
    }
    const decisions = await this.decide(ruleSet, relevant, batch);
    const starts: PeriodStart[] = [];
    const ends: PeriodEnd[] = [];
    const by = `rule:observation@${ruleSet.version}`;
    for (const c of relevant) {
      const d = decisions.get(c.uscc);
      if (!d) continue;
      const detail = { tier: tierOf(batch, c.uscc), tiering: batch.ruleSetVersion, ...detailOf(d) };
      if (c.open_id === null && d.eligible) {
        starts.push({
          id: uuidv7(),
          uscc: c.uscc,
          source: 'rule',
          startedOn: batch.asOf,
          endsOn: periodEndsOn(batch.asOf, d.months!),
          reason: d.reasons.map((r) => r.reason).join('; '),
          ruleVersion: ruleSet.version,
          detail,
          by,
        });
      } else if (c.open_id !== null && !d.eligible) {
        const bars = d.reasons.filter((r) => r.kind === 'ineligible');
        ends.push({
          id: c.open_id,
          endedOn: batch.asOf,
          source: bars.some((r) => r.redLine) ? 'red_line' : 'rule',
          reason: bars.map((r) => r.reason).join('; ') || 'no longer eligible',
          ruleVersion: ruleSet.version,
          detail,
          by,
        });
      }
    }
    if (starts.length === 0 && ends.length === 0) return null;
    return async (m) => {
      const ended = await endPeriods(m, ends, ['rule']);
      const started = await insertPeriods(m, starts, true);
      const endById = new Map(ends.map((e) => [e.id, e]));
      const startById = new Map(starts.map((s) => [s.id, s]));
      await this.audit.append(m, [
        ...ended.map((row) => {
          const e = endById.get(row.id)!;
          return {
            actor: by,
            action: 'observation.ended',
            entityType: 'observation_period',
            entityId: row.id,
            data: {
              uscc: row.uscc,
              endedOn: e.endedOn,
              endSource: e.source,
              reason: e.reason,
              ruleVersion: e.ruleVersion,
              ...e.detail,
            },
          };
        }),
        ...started.map((row) => {
          const s = startById.get(row.id)!;
          return {
            actor: by,
            action: 'observation.started',
            entityType: 'observation_period',
            entityId: row.id,
            data: {
              uscc: row.uscc,
              source: 'rule',
              startedOn: s.startedOn,
              endsOn: s.endsOn,
              reason: s.reason,
              ruleVersion: s.ruleVersion,
              ...s.detail,
            },
          };
        }),
      ]);
      if (ended.length + started.length > 0)
        this.logger.log(`observation on ${batch.asOf}: ${started.length} started, ${ended.length} ended`);
    };
  }

  /** Derives the record facts of the candidates (one query) and evaluates each. */
  private async decide(
    ruleSet: RuleSetDocument,
    candidates: Candidate[],
    batch: AssessedBatch,
  ): Promise<Map<string, ObservationDecision>> {
    const { deriver, evaluator } = this.compiled(ruleSet);
    const usccs = candidates.map((c) => c.uscc);
    const rows = deriver
      ? await deriver.derive(this.dataSource, usccs, batch.asOf)
      : usccs.map((uscc) => ({ uscc, facts: {} }));
    const byUscc = new Map(candidates.map((c) => [c.uscc, c]));
    const out = new Map<string, ObservationDecision>();
    for (const row of rows) {
      const c = byUscc.get(row.uscc)!;
      const raw: Record<string, unknown> = { ...row.facts };
      for (const [name, d] of Object.entries(ruleSet.facts)) {
        if (d.from === 'assessment.tier') raw[name] = tierOf(batch, row.uscc);
        if (d.from === 'supervision.new_business_form') raw[name] = c.nbf;
      }
      try {
        const facts = resolveObservationFacts(ruleSet, raw);
        out.set(row.uscc, decideObservation(ruleSet, facts, await evaluator.evaluate(facts)));
      } catch (error) {
        // An enterprise whose facts cannot be derived keeps its state; the others go on.
        this.logger.warn(`observation facts of ${row.uscc}: ${(error as Error).message}`);
      }
    }
    return out;
  }

  /** The record-fact deriver (none when every fact is context) and the compiled rules, per version. */
  private compiled(ruleSet: RuleSetDocument): { deriver: FactDeriver | null; evaluator: RuleEvaluator } {
    const key = ruleSet.version;
    let entry = this.cache.get(key);
    if (!entry) {
      const derived = Object.fromEntries(
        Object.entries(ruleSet.facts).filter(([, d]) => d.from === undefined || !isContextAttribute(d.from)),
      );
      entry = {
        deriver: Object.keys(derived).length > 0 ? new FactDeriver(derived) : null,
        evaluator: compileRules(ruleSet.rules).evaluator,
      };
      this.cache.set(key, entry);
    }
    return entry;
  }
}

function tierOf(batch: AssessedBatch, uscc: string): string | undefined {
  return batch.assessed.find((a) => a.uscc === uscc)?.tier;
}

function detailOf(d: ObservationDecision): Record<string, unknown> {
  return { eligible: d.eligible, months: d.months, reasons: d.reasons, inputDigest: d.inputDigest };
}

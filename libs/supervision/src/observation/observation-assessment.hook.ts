import type { AssessedBatch, AssessmentWriteHook } from '@app/assessment';
import { AuditService } from '@app/audit';
import { RuleSetStore } from '@app/rulesets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ObservationDecision, periodEndsOn } from './observation-eligibility';
import { ObservationEvaluator } from './observation-evaluator';
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
  private readonly evaluator: ObservationEvaluator;

  constructor(
    private readonly dataSource: DataSource,
    ruleSets: RuleSetStore,
    private readonly audit: AuditService,
    directory?: string,
  ) {
    this.evaluator = new ObservationEvaluator(dataSource, ruleSets, directory);
  }

  async prepare(batch: AssessedBatch): Promise<((m: EntityManager) => Promise<void>) | null> {
    if (batch.assessed.length === 0) return null;
    const nbf = this.evaluator.newBusinessFormParams();
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
    const ruleSet = await this.evaluator.ruleSetOn(batch.asOf);
    if (!ruleSet) {
      this.logger.warn(`no observation rule set in force on ${batch.asOf}: periods left as they are`);
      return null;
    }
    const tiers = new Map(batch.assessed.map((a) => [a.uscc, a.tier]));
    const decisions = await this.evaluator.decide(
      ruleSet,
      relevant.map((c) => ({ uscc: c.uscc, tier: tiers.get(c.uscc), newBusinessForm: c.nbf })),
      batch.asOf,
    );
    const starts: PeriodStart[] = [];
    const ends: PeriodEnd[] = [];
    const by = `rule:observation@${ruleSet.version}`;
    for (const c of relevant) {
      const d = decisions.get(c.uscc);
      if (!d) continue;
      const detail = { tier: tiers.get(c.uscc), tiering: batch.ruleSetVersion, ...detailOf(d) };
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
}

function detailOf(d: ObservationDecision): Record<string, unknown> {
  return { eligible: d.eligible, months: d.months, reasons: d.reasons, inputDigest: d.inputDigest };
}

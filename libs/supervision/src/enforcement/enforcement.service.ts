import { ChangeFeed } from '@app/assessment';
import { AuditService } from '@app/audit';
import { DomainError, ErrorCode } from '@app/domain';
import {
  compileRules,
  resolveFacts,
  windowBounds,
  FactsUnavailableError,
  type RuleEvaluator,
} from '@app/rules';
import { rulesDirectory, RuleSetStore } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { supervisionStatusOn } from '../supervision-status';
import { decideRecommendation } from './enforcement-recommendation';
import {
  MeasureView,
  RecommendationRequestDto,
  RecommendationView,
  RecordMeasureDto,
} from './enforcement.dto';
import { readFirstOffenceItems } from './first-offence-items';

const SOFT = ['guidance', 'talk', 'warning'];
/** The source of the credit records written for recorded measures. */
export const MEASURE_RECORD_SOURCE = 'tierwatch-enforcement';

/**
 * Soft enforcement (DOMAIN.md §4): the recommendation for a violation comes from the enforcement rule
 * set in force on its date, over facts gathered here — the violation itself, whether its item is on
 * the first-offence list, similar violations within the list's look-back window (measures recorded
 * for the same item, penalties whose payload names it), whether the enterprise is in observation or a
 * sandbox on that date, and the last soft measure recorded in its current observation period.
 */
@Injectable()
export class EnforcementService {
  private readonly compiled = new Map<string, RuleEvaluator>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeed,
  ) {}

  async recommend(body: RecommendationRequestDto, directory = rulesDirectory()): Promise<RecommendationView> {
    const { uscc, violation } = body;
    const [enterprise]: { tags: string[] }[] = await this.dataSource.query(
      `SELECT tags FROM enterprises WHERE uscc = $1::bpchar`,
      [uscc],
    );
    if (!enterprise) throw new DomainError(ErrorCode.NotFound, `no enterprise ${uscc}`);
    const list = readFirstOffenceItems(directory);
    const { after } = windowBounds(violation.occurredOn, list.lookBack.window);
    const [{ similar }]: { similar: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM enforcement_measures
                WHERE uscc = $1::bpchar AND item = $2 AND decided_on > $3::date AND decided_on < $4::date)
            + (SELECT count(*) FROM credit_records
                WHERE uscc = $1::bpchar AND type = 'administrative_penalty' AND payload->>'item' = $2
                  AND occurred_on > $3::date AND occurred_on < $4::date AND repaired_at IS NULL) AS similar`,
      [uscc, violation.item, after, violation.occurredOn],
    );
    const status = (await supervisionStatusOn(this.dataSource, violation.occurredOn)).get(uscc);
    let last = 'none';
    if (status === 'in_observation') {
      const [row]: { measure: string }[] = await this.dataSource.query(
        `SELECT m.measure FROM enforcement_measures m
           JOIN observation_periods p ON p.uscc = m.uscc AND p.ended_at IS NULL
          WHERE m.uscc = $1::bpchar AND m.measure = ANY($2::text[]) AND m.decided_on >= p.started_on
          ORDER BY m.decided_on DESC, m.recorded_at DESC LIMIT 1`,
        [uscc, SOFT],
      );
      last = row?.measure ?? 'none';
    }
    const { ruleSet } = await this.ruleSets.inForce('enforcement', violation.occurredOn);
    const raw: Record<string, unknown> = {};
    const context: Record<string, unknown> = {
      'violation.severity': violation.severity,
      'violation.harm': violation.harm,
      'violation.corrected_in_time': violation.correctedInTime,
      'violation.malicious': violation.malicious ?? false,
      'violation.first_offence_item': list.items.some((i) => i.code === violation.item),
      'violation.similar_before': Number(similar),
      'observation.active': status !== undefined,
      'enforcement.last_soft_measure': last,
      'enterprise.tags': enterprise.tags,
    };
    for (const [name, d] of Object.entries(ruleSet.facts)) {
      if (d.from !== undefined && d.from in context) raw[name] = context[d.from];
    }
    const resolved = resolveFacts(ruleSet, raw);
    if (!resolved.ok) throw new FactsUnavailableError(ruleSet.version, resolved.problems);
    let evaluator = this.compiled.get(ruleSet.version);
    if (!evaluator) {
      evaluator = compileRules(ruleSet.rules).evaluator;
      this.compiled.set(ruleSet.version, evaluator);
    }
    const decision = decideRecommendation(ruleSet, resolved.facts, await evaluator.evaluate(resolved.facts));
    return {
      uscc,
      measure: decision.measure,
      measureName: decision.measureName,
      reasons: decision.reasons,
      ruleSet: { kind: 'enforcement', version: decision.ruleSetVersion },
      facts: { ...resolved.facts },
      inputDigest: decision.inputDigest,
      firstOffenceList: `${list.source.title}; look-back ${list.lookBack.window} (${list.lookBack.source})`,
    };
  }

  async record(body: RecordMeasureDto, actor: string): Promise<MeasureView> {
    const id = uuidv7();
    const by = `regulator:${actor}`;
    await this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO enforcement_measures (id, uscc, item, measure, decided_on, reason, reference, recorded_by)
         SELECT $1, e.uscc, $3, $4, $5, $6, $7, $8 FROM enterprises e WHERE e.uscc = $2::bpchar RETURNING id`,
        [id, body.uscc, body.item, body.measure, body.decidedOn, body.reason, body.reference ?? null, by],
      );
      if (inserted.length === 0) throw new DomainError(ErrorCode.NotFound, `no enterprise ${body.uscc}`);
      // The same measure as a credit record (type enforcement_measure), which tiering rule sets can
      // count like any other record; keyed by the measure's id, so it is written once.
      // A tiering version may count it (2026.2: soft_measures_1y), so the enterprise goes on the
      // change feed like any changed record and is re-tiered after the debounce period.
      await this.changeFeed.mark(m, [body.uscc]);
      await m.query(
        `INSERT INTO credit_records (uscc, type, occurred_on, source, source_record_id, payload)
         VALUES ($1::bpchar, 'enforcement_measure', $2::date, $3, $4, $5::jsonb)
         ON CONFLICT (source, source_record_id) DO NOTHING`,
        [
          body.uscc,
          body.decidedOn,
          MEASURE_RECORD_SOURCE,
          id,
          JSON.stringify({
            measure: body.measure,
            item: body.item,
            reason: body.reason,
            ...(body.reference ? { reference: body.reference } : {}),
          }),
        ],
      );
      await this.audit.append(m, [
        {
          actor: by,
          action: 'enforcement.measure_recorded',
          entityType: 'enforcement_measure',
          entityId: id,
          data: {
            uscc: body.uscc,
            item: body.item,
            measure: body.measure,
            decidedOn: body.decidedOn,
            reason: body.reason,
          },
        },
      ]);
    });
    return {
      id,
      uscc: body.uscc,
      item: body.item,
      measure: body.measure,
      decidedOn: body.decidedOn,
      reason: body.reason,
      reference: body.reference ?? null,
      recordedBy: by,
    };
  }
}

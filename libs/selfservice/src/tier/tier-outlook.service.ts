import { Clock, DomainError, ErrorCode, type LocalDate, shanghaiDateOf } from '@app/domain';
import {
  compileRules,
  derivationOf,
  isCreditRecordType,
  type RuleEvaluator,
  type RuleSetDocument,
  type TieringRuleSet,
} from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Language } from '../plain-language';
import { addDuration, repairTimeline } from '../repair/repair-timeline';
import { RepairService } from '../repair/repair.service';
import { forecastTier, stopsCountingOn, type ForecastRecord } from './forecast';
import { rulePresentations, type RulePresentation } from './rule-texts';
import { dateText, tierLabel, whatHappened } from './tier-words';
import type { RecordChange, RecordRef, TierOutlookView, TierReason } from './tier.view';

/** How far the forecast looks: a product choice (issue #15: "up to 3 years ahead"), not a regulatory number. */
export const FORECAST_HORIZON = 'P3Y';

interface CreditRow {
  id: string;
  type: string;
  severity: string | null;
  occurred_on: string;
  payload: Record<string, unknown>;
  repaired_at: Date | null;
}

interface StoredFactor {
  rule: string;
  factor: string;
  points?: number;
  records?: string[];
}

const evaluators = new WeakMap<RuleSetDocument, RuleEvaluator>();

/**
 * An enterprise's tier as it reads it (issue #15): the tier in force, the reasons in plain words
 * (texts carried by the rule set; weights hidden where it marks them internal), for every credit
 * record that counts against it when it stops counting by itself and from when it may be repaired,
 * and the forecast if nothing new happens. The same document serves the regulator, with the
 * weights shown.
 */
@Injectable()
export class TierOutlookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly repairs: RepairService,
    private readonly clock: Clock,
  ) {}

  async outlook(
    uscc: string,
    language: Language,
    audience: 'enterprise' | 'regulator',
  ): Promise<TierOutlookView> {
    const [enterprise]: {
      uscc: string;
      name: string;
      established_on: string;
      tags: string[];
      current_assessment_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT uscc, name, established_on::text AS established_on, tags, current_assessment_id
           FROM enterprises WHERE uscc = $1`,
      [uscc],
    );
    if (!enterprise) throw new DomainError(ErrorCode.NotFound, `no enterprise ${uscc}`);
    const [assessment]: {
      id: string;
      tier: string | null;
      as_of: Date;
      rule_set_version: string;
      facts: Record<string, unknown>;
      fired: StoredFactor[];
      overrides: StoredFactor[];
    }[] = enterprise.current_assessment_id
      ? await this.dataSource.query(
          `SELECT id, tier, as_of, rule_set_version, facts, fired, overrides FROM assessments WHERE id = $1`,
          [enterprise.current_assessment_id],
        )
      : [];
    if (!assessment?.tier) throw new DomainError(ErrorCode.NotFound, `enterprise ${uscc} has no tier yet`);

    const today = shanghaiDateOf(this.clock.now());
    const { ruleSet: assessedWith } = await this.ruleSets.version('tiering', assessment.rule_set_version);
    const { ruleSet: inForce } = await this.ruleSets.inForce('tiering', today);
    const published = (await this.ruleSets.published('tiering')).map((v) => v.ruleSet);
    const { spec } = await this.repairs.spec(today);

    const credit: CreditRow[] = await this.dataSource.query(
      `SELECT id::text AS id, type, severity, occurred_on::text AS occurred_on, payload, repaired_at
         FROM credit_records WHERE uscc = $1 ORDER BY occurred_on, id`,
      [uscc],
    );
    const risk: {
      id: string;
      type: string;
      severity: string;
      occurred_at: Date;
      payload: Record<string, unknown>;
    }[] = await this.dataSource.query(
      `SELECT id::text AS id, type, severity, occurred_at, payload FROM risk_records WHERE uscc = $1`,
      [uscc],
    );
    const timelines = new Map(
      credit.map((r) => [
        r.id,
        repairTimeline(spec, {
          type: r.type,
          severity: r.severity,
          occurredOn: r.occurred_on,
          payload: r.payload,
          sectorTags: enterprise.tags,
        }),
      ]),
    );
    const forecastRecords: ForecastRecord[] = [
      ...credit.map((r) => ({
        id: r.id,
        credit: true,
        type: r.type,
        severity: r.severity,
        date: r.occurred_on,
        payload: r.payload,
        endsOn: r.repaired_at
          ? shanghaiDateOf(new Date(r.repaired_at))
          : timelines.get(r.id)!.publicityEndsOn,
      })),
      ...risk.map((r) => ({
        id: `r${r.id}`,
        credit: false,
        type: r.type,
        severity: r.severity,
        date: shanghaiDateOf(new Date(r.occurred_at)),
        payload: r.payload,
        endsOn: null,
      })),
    ];
    const refs = new Map(credit.map((r) => [r.id, refOf(r)]));

    // Reasons, in the rule set's words (or, where the deciding version has none, the newest published
    // version's words for the same rule: rule-texts.ts).
    const rules = rulePresentations(assessedWith, published);
    const creditIds = (f: StoredFactor) =>
      (f.records ?? []).filter((id) => isCreditFact(assessedWith, f.factor) && refs.has(id));
    const reasons: TierReason[] = [
      ...assessment.overrides.map((o) =>
        reasonOf(o, 'override', rules.get(o.rule), language, audience, creditIds(o), refs),
      ),
      ...assessment.fired.map((f) =>
        reasonOf(f, 'score', rules.get(f.rule), language, audience, creditIds(f), refs),
      ),
    ];

    // What can change it: every credit record behind an override or a negative score.
    const against = new Set(
      [...assessment.overrides, ...assessment.fired.filter((f) => (f.points ?? 0) < 0)].flatMap(creditIds),
    );
    const open: { record_id: string; id: string; status: string }[] = await this.dataSource.query(
      `SELECT record_id::text AS record_id, id, status FROM repair_applications
        WHERE uscc = $1 AND status IN ('pending','escalated')`,
      [uscc],
    );
    const whatCanChangeIt: RecordChange[] = [...against]
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((id) => {
        const timeline = timelines.get(id)!;
        const record = forecastRecords.find((r) => r.id === id)!;
        const stops = stopsCountingOn(inForce, record, today);
        const application = open.find((o) => o.record_id === id);
        const neverEarly = timeline.notRepairable === spec.neverEarly.reason;
        return {
          record: refs.get(id)!,
          profile: timeline.profile.id,
          grade: timeline.grade,
          repairableFrom: timeline.repairableFrom,
          stopsCountingOn: stops,
          neverEarly,
          openRepair: application ? { id: application.id, status: application.status } : null,
          text: changeText(
            refs.get(id)!,
            stops,
            timeline.repairableFrom,
            timeline.notRepairable?.[language] ?? null,
            !!application,
            today,
            language,
          ),
        };
      });

    // The forecast under the version in force today.
    let evaluator = evaluators.get(inForce);
    if (!evaluator) {
      evaluator = compileRules(inForce.rules).evaluator;
      evaluators.set(inForce, evaluator);
    }
    const until = addDuration(today, FORECAST_HORIZON);
    const forecast = forecastTier({
      ruleSet: inForce as TieringRuleSet,
      evaluator,
      baseFacts: assessment.facts,
      establishedOn: enterprise.established_on,
      records: forecastRecords,
      today,
      until,
    });
    const steps = forecast.steps.map((s) => {
      const records = s.records.filter((id) => refs.has(id)).map((id) => refs.get(id)!);
      return { ...s, records, text: stepText(s.date, s.tier, records, language) };
    });
    return {
      uscc: enterprise.uscc.trim(),
      name: enterprise.name,
      tier: assessment.tier,
      tierText: tierLabel(assessment.tier, language),
      assessmentId: assessment.id,
      asOf: new Date(assessment.as_of).toISOString(),
      ruleSetVersion: assessment.rule_set_version,
      language,
      reasons,
      whatCanChangeIt,
      forecast: {
        until,
        ruleSetVersion: inForce.version,
        steps,
        text:
          steps.length > 0
            ? steps[0].text
            : language === 'zh'
              ? `如无新的记录, 您的分类在${dateText(until, 'zh')}前不会变化。`
              : `If nothing new happens, your tier stays as it is until ${until}.`,
      },
    };
  }
}

function refOf(r: CreditRow): RecordRef {
  const decisionNo = r.payload.decisionNo;
  return {
    id: r.id,
    type: r.type,
    severity: r.severity,
    occurredOn: r.occurred_on,
    decisionNo: typeof decisionNo === 'string' ? decisionNo : null,
  };
}

function isCreditFact(ruleSet: RuleSetDocument, fact: string): boolean {
  const declaration = ruleSet.facts[fact];
  if (!declaration) return false;
  const derivation = derivationOf(declaration);
  return derivation.kind !== 'from' && isCreditRecordType(derivation.aggregate.recordType);
}

function reasonOf(
  factor: StoredFactor,
  kind: 'score' | 'override',
  rule: RulePresentation | undefined,
  language: Language,
  audience: 'enterprise' | 'regulator',
  ids: string[],
  refs: Map<string, RecordRef>,
): TierReason {
  const text = rule?.explanation?.[language] ?? (factor as { reason?: string }).reason ?? factor.rule;
  const reason: TierReason = { rule: factor.rule, kind, text, records: ids.map((id) => refs.get(id)!) };
  if (kind === 'score' && factor.points !== undefined && (audience === 'regulator' || !rule?.internal))
    reason.points = factor.points;
  return reason;
}

function changeText(
  record: RecordRef,
  stops: LocalDate | null,
  repairableFrom: LocalDate | null,
  notRepairable: string | null,
  applied: boolean,
  today: LocalDate,
  language: Language,
): string {
  const zh = language === 'zh';
  const parts = [whatHappened(record, language)];
  if (stops)
    parts.push(zh ? `该记录将于${dateText(stops, 'zh')}起不再计入` : `it stops counting on ${stops}`);
  else parts.push(zh ? '该记录不会自动停止计入' : 'it does not stop counting by itself');
  if (applied) parts.push(zh ? '您的信用修复申请正在办理' : 'your repair application is being decided');
  else if (repairableFrom)
    parts.push(
      repairableFrom <= today
        ? zh
          ? '现在即可申请信用修复'
          : 'you may apply for credit repair now'
        : zh
          ? `自${dateText(repairableFrom, 'zh')}起可申请信用修复`
          : `you may apply for credit repair from ${repairableFrom}`,
    );
  else if (notRepairable) parts.push(notRepairable);
  return zh ? `${parts[0]}, ${parts.slice(1).join('; ')}。` : `${parts[0]}; ${parts.slice(1).join('; ')}.`;
}

function stepText(date: LocalDate, tier: string, records: RecordRef[], language: Language): string {
  if (language === 'zh') {
    const because = records.length
      ? `, 届时${records.map((r) => r.decisionNo ?? `${r.occurredOn}的记录`).join('、')}不再计入`
      : '';
    return `如无新的记录, 您的分类将于${dateText(date, 'zh')}变为${tierLabel(tier, 'zh')}${because}。`;
  }
  const because = records.length
    ? `, when ${records.map((r) => r.decisionNo ?? `the record of ${r.occurredOn}`).join(', ')} stops counting`
    : '';
  return `If nothing new happens, your tier becomes ${tierLabel(tier, 'en')} on ${date}${because}.`;
}

import { ChangeFeed } from '@app/assessment';
import { AuditInput } from '@app/audit';
import { JobName, OutboxWriter } from '@app/queue';
import { addDuration } from '@app/rules';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { evaluateLight, lightOutcomeOf } from '../domain/evaluate-light';
import { InvestmentEventKind, Light, lightRank } from '../domain/investment-event.types';
import { deriveLightFacts } from '../domain/light-facts';
import { GroupRepository } from './group.repository';
import { LightRulesProvider } from './light-rules.provider';

interface EventRow {
  id: string;
  uscc: string;
  kind: InvestmentEventKind;
  target_uscc: string | null;
  target_name: string | null;
  target_industry_code: string | null;
  occurred_on: string;
  notified: boolean;
  payload: {
    investorTurnover?: { global: string; china: string };
    targetTurnover?: { global: string; china: string };
  };
  investor_name: string;
  region_code: string;
  target_registered_name: string | null;
  target_tags: string[] | null;
}

export interface JudgedEvent {
  eventId: string;
  uscc: string;
  light: Light;
  warningId: string | null;
  /** A warning was opened by this event (not joined to one already open). */
  opened: boolean;
}

/**
 * Judges stored events in the caller's transaction: the light with its evidence, and for a red or
 * yellow light the warning. One unresolved warning per enterprise and light: a later event of the
 * same light joins it (and, for yellow, restarts its quiet period), so neither a re-sent nor a noisy
 * event opens and closes warnings in turn. A correction never lowers an event's light: only a
 * resolution or the quiet period lowers what the enterprise shows.
 */
@Injectable()
export class LightService {
  constructor(
    private readonly rules: LightRulesProvider,
    private readonly groups: GroupRepository,
    private readonly changeFeed: ChangeFeed,
    private readonly outbox: OutboxWriter,
  ) {}

  async judge(
    manager: EntityManager,
    eventIds: string[],
    actor: string,
    audit: AuditInput[],
  ): Promise<JudgedEvent[]> {
    if (eventIds.length === 0) return [];
    const { ruleSet, evaluator } = await this.rules.inForce();
    const outcome = lightOutcomeOf(ruleSet);
    const data = this.rules.capitalData();
    const events: EventRow[] = await manager.query(
      `SELECT ev.id::text AS id, ev.uscc::text AS uscc, ev.kind, ev.target_uscc::text AS target_uscc, ev.target_name,
              ev.target_industry_code, to_char(ev.occurred_on, 'YYYY-MM-DD') AS occurred_on, ev.notified, ev.payload,
              e.name AS investor_name, e.region_code, t.name AS target_registered_name, t.tags AS target_tags
         FROM investment_events ev
         JOIN enterprises e ON e.uscc = ev.uscc
         LEFT JOIN enterprises t ON t.uscc = ev.target_uscc
        WHERE ev.id = ANY($1::bigint[])
        ORDER BY ev.occurred_on, ev.id`,
      [eventIds],
    );
    const judged: JudgedEvent[] = [];
    const marked = new Set<string>();
    // Every event's group at once (set-based): the batch's events are all stored already.
    const groups = await this.groups.viewMany(
      manager,
      events.map((ev) => ({
        uscc: ev.uscc.trim(),
        on: ev.occurred_on,
        targetUscc: ev.target_uscc?.trim() ?? null,
      })),
      outcome,
    );
    // The lights already decided (a re-judged, corrected event), locked, in one query.
    const locked: { event_id: string; light: Light; warning_id: string | null }[] = await manager.query(
      `SELECT event_id::text AS event_id, light, warning_id::text AS warning_id FROM investment_lights
        WHERE event_id = ANY($1::bigint[]) ORDER BY event_id FOR UPDATE`,
      [events.map((ev) => ev.id)],
    );
    const previously = new Map(locked.map((l) => [l.event_id, l]));
    const decided: (string | null)[][] = [];
    for (const [i, ev] of events.entries()) {
      const uscc = ev.uscc.trim();
      const group = groups[i];
      const derived = deriveLightFacts(
        {
          kind: ev.kind,
          occurredOn: ev.occurred_on,
          investorName: ev.investor_name,
          targetName: ev.target_name ?? ev.target_registered_name,
          targetIndustryCode: ev.target_industry_code,
          targetFinancialLicence: (ev.target_tags ?? []).includes('financial_licence'),
          notified: ev.notified,
          investorTurnover: ev.payload.investorTurnover ?? null,
          targetTurnover: ev.payload.targetTurnover ?? null,
        },
        group,
        data.negativeList,
        data.thresholds,
      );
      const evaluation = await evaluateLight(ruleSet, evaluator, derived.attributes);
      const before = previously.get(ev.id);
      const previous = before?.light;
      const light: Light =
        previous && lightRank(previous) > lightRank(evaluation.light) ? previous : evaluation.light;
      const evidence = {
        ruleSetVersion: evaluation.ruleSetVersion,
        computedLight: evaluation.light,
        ...(light !== evaluation.light
          ? { kept: `a corrected event never lowers its light (${previous} kept); a resolution lowers it` }
          : {}),
        fired: evaluation.fired,
        facts: evaluation.facts,
        negativeList: derived.evidence.negativeList,
        financeTerms: derived.evidence.financeTerms,
        merger: derived.evidence.merger,
        targetSection: derived.evidence.targetSection,
        group: derived.evidence.group,
      };
      let warningId = before?.warning_id ?? null;
      let opened = false;
      if (light !== 'green' && (previous === undefined || lightRank(light) > lightRank(previous))) {
        const quietUntil =
          light === 'yellow' ? new Date(addDuration(Date.now(), outcome.quietPeriod)).toISOString() : null;
        const warning = await this.openOrJoin(
          manager,
          uscc,
          ev.region_code,
          light,
          ev.id,
          quietUntil,
          evaluation.ruleSetVersion,
          actor,
        );
        warningId = warning.id;
        opened = warning.opened;
        if (warning.quietUntil) {
          // Due at the end of the quiet period (stored as that time): the light then lapses unless
          // another yellow event has moved it on, which makes this job a no-op.
          await this.outbox.enqueue(
            manager,
            {
              name: JobName.InvestmentWarningQuiet,
              data: { warningId: warning.id, quietUntil: warning.quietUntil },
            },
            {
              runAt: new Date(warning.quietUntil),
              jobId: `warning-quiet-${warning.id}-${Date.parse(warning.quietUntil)}`,
            },
          );
        }
        audit.push({
          actor,
          action: warning.opened ? 'investment-warning.opened' : 'investment-warning.event-joined',
          entityType: 'investment_warning',
          entityId: warning.id,
          data: { uscc, light, eventId: ev.id, rules: evaluation.fired.map((f) => f.rule) },
        });
        if (warning.opened) marked.add(uscc);
      }
      decided.push([
        ev.id,
        uscc,
        light,
        evaluation.ruleSetVersion,
        evaluation.inputDigest,
        JSON.stringify(evidence),
        warningId,
      ]);
      audit.push({
        actor,
        action: 'investment-light.decided',
        entityType: 'investment_event',
        entityId: ev.id,
        data: { uscc, light, ruleSetVersion: evaluation.ruleSetVersion, inputDigest: evaluation.inputDigest },
      });
      judged.push({ eventId: ev.id, uscc, light, warningId, opened });
    }
    // Every light of the batch in one statement (columns as arrays: one parameter each).
    const column = (c: number) => decided.map((d) => d[c]);
    await manager.query(
      `INSERT INTO investment_lights (event_id, uscc, light, rule_set_version, input_digest, evidence, warning_id)
       SELECT e, u, l, v, d, x::jsonb, w
         FROM unnest($1::bigint[], $2::bpchar[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
           AS t(e, u, l, v, d, x, w)
       ON CONFLICT (event_id) DO UPDATE SET light = EXCLUDED.light, rule_set_version = EXCLUDED.rule_set_version,
         input_digest = EXCLUDED.input_digest, evidence = EXCLUDED.evidence, warning_id = EXCLUDED.warning_id,
         decided_at = now()`,
      [0, 1, 2, 3, 4, 5, 6].map(column),
    );
    // A new warning changes the tier facts (open_red_warnings, open_yellow_warnings): re-tier.
    await this.changeFeed.mark(manager, [...marked].sort());
    return judged;
  }

  private async openOrJoin(
    manager: EntityManager,
    uscc: string,
    region: string,
    light: 'red' | 'yellow',
    eventId: string,
    quietUntil: string | null,
    ruleSetVersion: string,
    actor: string,
  ): Promise<{ id: string; opened: boolean; quietUntil: string | null }> {
    const at = new Date().toISOString();
    // Insert first: a concurrent post opening the same warning waits for ours, then joins it.
    const opened: { id: string; quiet_until: Date | null }[] = await manager.query(
      `INSERT INTO investment_warnings (uscc, region_code, light, quiet_until, rule_set_version, history)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (uscc, light) WHERE status <> 'resolved' DO NOTHING
       RETURNING id::text AS id, quiet_until`,
      [
        uscc,
        region,
        light,
        quietUntil,
        ruleSetVersion,
        JSON.stringify([{ step: 'opened', eventId, actor, at }]),
      ],
    );
    const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
    if (opened.length > 0) return { id: opened[0].id, opened: true, quietUntil: iso(opened[0].quiet_until) };
    // TypeORM answers an UPDATE with [rows, affected].
    const [joined]: [{ id: string; quiet_until: Date | null }[], number] = await manager.query(
      `UPDATE investment_warnings
          SET quiet_until = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE GREATEST(quiet_until, $3::timestamptz) END,
              history = history || $4::jsonb
        WHERE uscc = $1 AND light = $2 AND status <> 'resolved'
        RETURNING id::text AS id, quiet_until`,
      [uscc, light, quietUntil, JSON.stringify([{ step: 'event-joined', eventId, actor, at }])],
    );
    return { id: joined[0].id, opened: false, quietUntil: iso(joined[0].quiet_until) };
  }
}

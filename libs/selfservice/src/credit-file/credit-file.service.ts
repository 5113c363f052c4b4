import { Clock, DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { repairTimeline } from '../repair/repair-timeline';
import { RepairService } from '../repair/repair.service';
import type { CreditFileView } from './credit-file.view';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * The credit file (信用档案, Shandong §四.3): every record, list entry, repair, assessment and
 * inspection of one enterprise in one document, as of now.
 */
@Injectable()
export class CreditFileService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repairs: RepairService,
    private readonly clock: Clock,
  ) {}

  async file(uscc: string): Promise<CreditFileView> {
    const [e]: {
      uscc: string;
      name: string;
      region_code: string;
      industry_code: string;
      established_on: string;
      tags: string[];
      current_tier: string | null;
    }[] = await this.dataSource.query(
      `SELECT uscc, name, region_code, industry_code, established_on::text AS established_on, tags, current_tier
         FROM enterprises WHERE uscc = $1`,
      [uscc],
    );
    if (!e) throw new DomainError(ErrorCode.NotFound, `no enterprise ${uscc}`);
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    const { spec } = await this.repairs.spec(today);
    const [credit, risk, repairs, applications, assessments, inspections] = await Promise.all([
      this.dataSource.query<
        {
          id: string;
          type: string;
          severity: string | null;
          occurred_on: string;
          publicity_until: string | null;
          source: string;
          payload: Record<string, unknown>;
          repaired_at: Date | null;
          repair_basis: string | null;
        }[]
      >(
        `SELECT r.id::text AS id, r.type, r.severity, r.occurred_on::text AS occurred_on, r.publicity_until::text AS publicity_until,
                r.source, r.payload, r.repaired_at, x.basis AS repair_basis
           FROM credit_records r LEFT JOIN credit_record_repairs x ON x.record_id = r.id
          WHERE r.uscc = $1 ORDER BY r.occurred_on, r.id`,
        [uscc],
      ),
      this.dataSource.query<
        { id: string; type: string; severity: string; occurred_at: Date; source: string; payload: unknown }[]
      >(
        `SELECT id::text AS id, type, severity, occurred_at, source, payload FROM risk_records
          WHERE uscc = $1 ORDER BY occurred_at, id`,
        [uscc],
      ),
      this.dataSource.query<
        {
          record_id: string;
          repaired_at: Date;
          basis: string;
          application_id: string | null;
          rule_set_version: string;
          profile_id: string;
        }[]
      >(
        `SELECT record_id::text AS record_id, repaired_at, basis, application_id, rule_set_version, profile_id
           FROM credit_record_repairs WHERE uscc = $1 ORDER BY repaired_at, record_id`,
        [uscc],
      ),
      this.dataSource.query<
        {
          id: string;
          record_id: string;
          status: string;
          profile_id: string;
          grade: string | null;
          filed_at: Date;
          decide_by: Date;
          escalated_at: Date | null;
          decided_at: Date | null;
          decision_reason: string | null;
        }[]
      >(
        `SELECT id, record_id::text AS record_id, status, profile_id, grade, filed_at, decide_by, escalated_at,
                decided_at, decision_reason
           FROM repair_applications WHERE uscc = $1 ORDER BY filed_at`,
        [uscc],
      ),
      this.dataSource.query<
        {
          id: string;
          tier: string;
          score: number | null;
          rule_set_version: string;
          as_of: Date;
          trigger: string;
          created_at: Date;
        }[]
      >(
        `SELECT id, tier, score, rule_set_version, as_of, trigger, created_at FROM assessments
          WHERE uscc = $1 AND tier IS NOT NULL ORDER BY as_of, created_at`,
        [uscc],
      ),
      this.dataSource.query<
        {
          id: string;
          kind: string;
          status: string;
          items: unknown;
          scheduled_start: Date;
          due_at: Date;
          plan_name: string | null;
          result: unknown;
          published_at: Date | null;
        }[]
      >(
        `SELECT t.id, t.kind, t.status, t.items, t.scheduled_start, t.due_at, p.name AS plan_name,
                CASE WHEN t.published_at IS NOT NULL AND t.withdrawn_at IS NULL THEN t.result END AS result,
                t.published_at
           FROM inspection_tasks t LEFT JOIN inspection_plans p ON p.id = t.plan_id
          WHERE t.uscc = $1 ORDER BY t.scheduled_start, t.id`,
        [uscc],
      ),
    ]);
    const isList = (type: string) =>
      type === 'serious_dishonesty_listing' || type === 'abnormal_operation_listing';
    return {
      generatedAt: now.toISOString(),
      enterprise: {
        uscc: e.uscc.trim(),
        name: e.name,
        regionCode: e.region_code,
        industryCode: e.industry_code,
        establishedOn: e.established_on,
        currentTier: e.current_tier,
      },
      records: credit.map((r) => {
        const timeline = repairTimeline(spec, {
          type: r.type,
          severity: r.severity,
          occurredOn: r.occurred_on,
          payload: r.payload,
          sectorTags: e.tags,
        });
        return {
          id: r.id,
          type: r.type,
          severity: r.severity,
          occurredOn: r.occurred_on,
          source: r.source,
          payload: r.payload,
          publicityEndsOn: timeline.publicityEndsOn,
          repairableFrom: timeline.repairableFrom,
          counting: r.repaired_at === null,
          endedAt: iso(r.repaired_at),
          endedBy:
            r.repaired_at === null
              ? null
              : ((r.repair_basis ?? 'source') as 'application' | 'publicity_ended' | 'source'),
        };
      }),
      riskRecords: risk.map((r) => ({
        id: r.id,
        type: r.type,
        severity: r.severity,
        occurredAt: iso(r.occurred_at)!,
        source: r.source,
        payload: r.payload,
      })),
      listEntries: credit
        .filter((r) => isList(r.type))
        .map((r) => ({
          recordId: r.id,
          list: r.type,
          listedOn: typeof r.payload.listedOn === 'string' ? r.payload.listedOn : r.occurred_on,
          removedOn: typeof r.payload.removedOn === 'string' ? r.payload.removedOn : null,
          reason: typeof r.payload.reason === 'string' ? r.payload.reason : null,
        })),
      repairs: repairs.map((r) => ({
        recordId: r.record_id,
        endedAt: iso(r.repaired_at)!,
        basis: r.basis,
        applicationId: r.application_id,
        ruleSetVersion: r.rule_set_version,
        profile: r.profile_id,
      })),
      repairApplications: applications.map((a) => ({
        id: a.id,
        recordId: a.record_id,
        status: a.status,
        profile: a.profile_id,
        grade: a.grade,
        filedAt: iso(a.filed_at)!,
        decideBy: iso(a.decide_by)!,
        escalatedAt: iso(a.escalated_at),
        decidedAt: iso(a.decided_at),
        decisionReason: a.decision_reason,
      })),
      assessments: assessments.map((a) => ({
        id: a.id,
        tier: a.tier,
        score: a.score,
        ruleSetVersion: a.rule_set_version,
        asOf: iso(a.as_of)!,
        trigger: a.trigger,
      })),
      inspections: inspections.map((t) => ({
        taskId: t.id,
        kind: t.kind,
        status: t.status,
        plan: t.plan_name,
        items: t.items,
        window: { from: iso(t.scheduled_start)!, to: iso(t.due_at)! },
        publishedResult: t.result ?? null,
        publishedAt: iso(t.published_at),
      })),
    };
  }
}

import { AuditInput, AuditService } from '@app/audit';
import { coversRegion, Principal, regionPatterns, Role } from '@app/auth';
import { Clock, DomainError, ErrorCode, shanghaiDateOf, startOfShanghaiDay } from '@app/domain';
import { RuleDataStore } from '@app/inspection';
import { JobName, OutboxWriter } from '@app/queue';
import type { RepairOutcomeSpec } from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type Language, say } from '../plain-language';
import { Retier } from '../retier';
import {
  RepairApplicationDto,
  RepairApplicationView,
  RepairDecisionDto,
  RepairDecisionView,
  RepairStatus,
} from './repair.dto';
import { decisionDeadline, eligibility, type RepairableRecord, repairTimeline } from './repair-timeline';

interface RecordRow {
  id: string;
  uscc: string;
  type: string;
  severity: string | null;
  occurred_on: string;
  payload: Record<string, unknown>;
  repaired_at: Date | null;
  tags: string[];
  region_code: string;
}

interface ApplicationRow {
  id: string;
  uscc: string;
  record_id: string;
  status: RepairStatus;
  evidence: RepairApplicationView['evidence'];
  rule_set_version: string;
  profile_id: string;
  grade: string | null;
  decision_working_days: number;
  decide_by: Date;
  filed_at: Date;
  escalated_at: Date | null;
  decided_at: Date | null;
  decision_reason: string | null;
  type: string;
  severity: string | null;
  occurred_on: string;
  payload: Record<string, unknown>;
  region_code: string;
}

const APPLICATION_SELECT = `
  SELECT a.id, a.uscc, a.record_id::text AS record_id, a.status, a.evidence, a.rule_set_version, a.profile_id,
         a.grade, a.decision_working_days, a.decide_by, a.filed_at, a.escalated_at, a.decided_at,
         a.decision_reason, r.type, r.severity, r.occurred_on::text AS occurred_on, r.payload, e.region_code
    FROM repair_applications a
    JOIN credit_records r ON r.id = a.record_id
    JOIN enterprises e ON e.uscc = a.uscc`;

const RECORD_SELECT = `
  SELECT r.id::text AS id, r.uscc, r.type, r.severity, r.occurred_on::text AS occurred_on, r.payload,
         r.repaired_at, e.tags, e.region_code
    FROM credit_records r JOIN enterprises e ON e.uscc = r.uscc`;

export function repairableOf(row: {
  type: string;
  severity: string | null;
  occurred_on: string;
  payload: Record<string, unknown>;
  tags: string[];
}): RepairableRecord {
  return {
    type: row.type,
    severity: row.severity,
    occurredOn: row.occurred_on,
    payload: row.payload,
    sectorTags: row.tags,
  };
}

/**
 * Credit repair applications (信用修复, DOMAIN.md §5): filed by the enterprise with eligibility
 * checked at once against the repair rule set in force, decided by a regulator of its region
 * within the profile's working days (a delayed job escalates an undecided one at its deadline), and
 * on approval the record stops counting and the enterprise is re-tiered at once. The daily job ends
 * the records whose publicity is over, without any application.
 */
@Injectable()
export class RepairService {
  private readonly logger = new Logger(RepairService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly ruleData: RuleDataStore,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxWriter,
    private readonly retier: Retier,
  ) {}

  /** The repair rule set in force on a date, with its version. */
  async spec(asOf: string): Promise<{ version: string; spec: RepairOutcomeSpec }> {
    const { ruleSet } = await this.ruleSets.inForce('repair', asOf);
    return { version: ruleSet.version, spec: ruleSet.outcome as unknown as RepairOutcomeSpec };
  }

  async file(
    principal: Principal,
    body: RepairApplicationDto,
    language: Language,
  ): Promise<RepairApplicationView> {
    const uscc = ownUscc(principal);
    const [record]: RecordRow[] = await this.dataSource.query(
      `${RECORD_SELECT} WHERE r.id = $1 AND r.uscc = $2`,
      [body.recordId, uscc],
    );
    if (!record) throw new DomainError(ErrorCode.NotFound, `no credit record ${body.recordId}`);
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    const { version, spec } = await this.spec(today);
    const verdict = eligibility(spec, repairableOf(record), { repairedAt: record.repaired_at }, today);
    if (!verdict.eligible) {
      const message = say(verdict.message, language);
      throw new DomainError(ErrorCode.NotPossible, message, [
        {
          path: 'recordId',
          message:
            verdict.code === 'too_early'
              ? `repairable from ${verdict.timeline.repairableFrom}`
              : verdict.code === 'not_repairable'
                ? `not repairable early: ${message}`
                : `nothing to repair: ${message}`,
        },
      ]);
    }
    const { timeline } = verdict;
    const decideBy = decisionDeadline(this.ruleData.calendar(), timeline.profile.decisionWorkingDays, now);
    const id = await this.dataSource.transaction(async (m) => {
      const open: unknown[] = await m.query(
        `SELECT 1 FROM repair_applications WHERE record_id = $1 AND status IN ('pending','escalated')`,
        [record.id],
      );
      if (open.length > 0)
        throw new DomainError(ErrorCode.Conflict, `an application for record ${record.id} is already open`);
      let inserted: { id: string }[];
      try {
        inserted = await m.query(
          `INSERT INTO repair_applications (uscc, record_id, status, evidence, rule_set_version, profile_id, grade,
                                            decision_working_days, decide_by, filed_by, filed_at)
           VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            uscc,
            record.id,
            JSON.stringify(body.evidence),
            version,
            timeline.profile.id,
            timeline.grade,
            timeline.profile.decisionWorkingDays,
            decideBy,
            principal.subject,
            now,
          ],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw new DomainError(ErrorCode.Conflict, `an application for record ${record.id} is already open`);
        throw error;
      }
      const applicationId = inserted[0].id;
      await this.outbox.enqueue(
        m,
        { name: JobName.RepairEscalate, data: { applicationId } },
        { jobId: `repair-escalate-${applicationId}`, runAt: decideBy },
      );
      await this.audit.append(m, [
        {
          actor: principal.subject,
          action: 'repair_application.filed',
          entityType: 'repair_application',
          entityId: applicationId,
          data: {
            uscc,
            recordId: record.id,
            ruleSetVersion: version,
            profile: timeline.profile.id,
            grade: timeline.grade,
            repairableFrom: timeline.repairableFrom,
            decideBy: decideBy.toISOString(),
          },
        },
      ]);
      return applicationId;
    });
    return this.view(id);
  }

  async listMine(principal: Principal, q: { status?: RepairStatus; limit: number; offset: number }) {
    return this.list({
      uscc: ownUscc(principal),
      status: q.status,
      regions: null,
      limit: q.limit,
      offset: q.offset,
    });
  }

  async list(q: {
    uscc?: string;
    status?: RepairStatus;
    regions: string[] | null;
    limit: number;
    offset: number;
  }): Promise<{ items: RepairApplicationView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.uscc) where.push(`a.uscc = $${params.push(q.uscc)}`);
    if (q.status) where.push(`a.status = $${params.push(q.status)}`);
    const patterns = regionPatterns(q.regions);
    if (patterns) where.push(`e.region_code LIKE ANY($${params.push(patterns)}::text[])`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: ApplicationRow[] = await this.dataSource.query(
      `${APPLICATION_SELECT} ${filter} ORDER BY a.filed_at DESC, a.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM repair_applications a JOIN enterprises e ON e.uscc = a.uscc ${filter}`,
      params,
    );
    return { items: rows.map(viewOf), total };
  }

  /** One application as the principal may see it: an enterprise its own, a regulator its regions' (404 otherwise). */
  async get(principal: Principal, id: string): Promise<RepairApplicationView> {
    const row = await this.row(this.dataSource.manager, id, false);
    assertVisible(principal, row);
    return viewOf(row);
  }

  async decide(principal: Principal, id: string, body: RepairDecisionDto): Promise<RepairDecisionView> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await this.row(m, id, true);
      assertVisible(principal, row);
      if (row.status !== 'pending' && row.status !== 'escalated') {
        throw new DomainError(ErrorCode.Conflict, `application ${id} is already ${row.status}`, [
          {
            path: 'decision',
            message: `the application was ${row.status} on ${row.decided_at?.toISOString()}`,
          },
        ]);
      }
      const status: RepairStatus = body.decision === 'approve' ? 'approved' : 'rejected';
      await m.query(
        `UPDATE repair_applications SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5
          WHERE id = $1`,
        [id, status, principal.subject, now, body.reason],
      );
      const entries: AuditInput[] = [
        {
          actor: principal.subject,
          action: `repair_application.${status}`,
          entityType: 'repair_application',
          entityId: id,
          data: {
            uscc: row.uscc.trim(),
            recordId: row.record_id,
            reason: body.reason,
            decideBy: row.decide_by.toISOString(),
            late: now > row.decide_by,
          },
        },
      ];
      if (status === 'approved') {
        const removed = await this.repairRecord(m, row, now, {
          basis: 'application',
          applicationId: id,
          ruleSetVersion: row.rule_set_version,
          profileId: row.profile_id,
        });
        entries.push({
          actor: principal.subject,
          action: 'credit_record.repaired',
          entityType: 'credit_record',
          entityId: row.record_id,
          data: {
            uscc: row.uscc.trim(),
            applicationId: id,
            repairedAt: now.toISOString(),
            ...removed,
          },
        });
        await this.retier.mark(m, [row.uscc.trim()]);
      }
      await this.audit.append(m, entries);
      return { uscc: row.uscc.trim(), status };
    });
    const view: RepairDecisionView = await this.view(id);
    if (outcome.status === 'approved') {
      const tiers = await this.retier.now([outcome.uscc]);
      view.tierAfter = tiers.get(outcome.uscc) ?? null;
    }
    return view;
  }

  /** The delayed job at the deadline: an application still undecided shows `escalated`. */
  async escalate(id: string): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      const [row]: { status: string; decide_by: Date; uscc: string }[] = await m.query(
        `SELECT status, decide_by, uscc FROM repair_applications WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const now = this.clock.now();
      if (!row || row.status !== 'pending') return 'nothing to do';
      if (new Date(row.decide_by) > now)
        throw new DomainError(ErrorCode.Unavailable, `application ${id} is not due yet`);
      await m.query(`UPDATE repair_applications SET status = 'escalated', escalated_at = $2 WHERE id = $1`, [
        id,
        now,
      ]);
      await this.audit.append(m, [
        {
          actor: 'worker',
          action: 'repair_application.escalated',
          entityType: 'repair_application',
          entityId: id,
          data: { uscc: row.uscc.trim(), decideBy: new Date(row.decide_by).toISOString() },
        },
      ]);
      this.logger.warn(
        `repair application ${id} (${row.uscc.trim()}) passed its decision deadline: escalated`,
      );
      return 'escalated';
    });
  }

  /**
   * The daily job: every record whose publicity period (by its profile) has ended by today stops
   * counting from the first day after it, with an audit entry; the enterprises are re-tiered.
   */
  async expirePublicity(): Promise<{ ended: number; enterprises: number }> {
    const today = shanghaiDateOf(this.clock.now());
    const { version, spec } = await this.spec(today);
    const types = [
      ...new Set(
        spec.profiles.flatMap((p) => p.grades.filter((g) => g.publicity).map((g) => g.match.recordType)),
      ),
    ];
    let after = '0';
    let ended = 0;
    const touched = new Set<string>();
    for (;;) {
      const rows: RecordRow[] = await this.dataSource.query(
        `${RECORD_SELECT} WHERE r.repaired_at IS NULL AND r.type = ANY($1::text[]) AND r.occurred_on <= $2::date
            AND r.id > $3 ORDER BY r.id LIMIT 1000`,
        [types, today, after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const due = rows
        .map((row) => ({ row, timeline: repairTimeline(spec, repairableOf(row)) }))
        .filter(({ timeline }) => timeline.publicityEndsOn !== null && timeline.publicityEndsOn <= today);
      if (due.length === 0) continue;
      const usccs = due.map(({ row }) => row.uscc.trim());
      await this.dataSource.transaction(async (m) => {
        const entries: AuditInput[] = [];
        for (const { row, timeline } of due) {
          const endedAt = startOfShanghaiDay(timeline.publicityEndsOn!);
          const done = await this.repairRecord(m, row, endedAt, {
            basis: 'publicity_ended',
            applicationId: null,
            ruleSetVersion: version,
            profileId: timeline.profile.id,
          });
          if (!done) continue;
          entries.push({
            actor: 'worker',
            action: 'credit_record.publicity_ended',
            entityType: 'credit_record',
            entityId: row.id,
            data: {
              uscc: row.uscc.trim(),
              endedOn: timeline.publicityEndsOn,
              ruleSetVersion: version,
              profile: timeline.profile.id,
              grade: timeline.grade,
            },
          });
        }
        await this.audit.append(m, entries);
        await this.retier.mark(m, usccs);
        ended += entries.length;
      });
      await this.retier.now(usccs);
      usccs.forEach((u) => touched.add(u));
    }
    this.logger.log(`publicity ended for ${ended} record(s) of ${touched.size} enterprise(s)`);
    return { ended, enterprises: touched.size };
  }

  // ---- internals --------------------------------------------------------------------------------

  /**
   * The record stops counting at `at`: repaired_at (kept against re-imports by the trigger of
   * credit_record_repairs), and for a listing its removal date. Null when it already had stopped.
   */
  private async repairRecord(
    m: EntityManager,
    row: {
      record_id?: string;
      id?: string;
      uscc: string;
      type: string;
      severity: string | null;
      occurred_on: string;
      payload: Record<string, unknown>;
    },
    at: Date,
    basis: {
      basis: 'application' | 'publicity_ended';
      applicationId: string | null;
      ruleSetVersion: string;
      profileId: string;
    },
  ): Promise<{ removedOn?: string } | null> {
    const recordId = row.record_id ?? row.id!;
    const inserted: unknown[] = await m.query(
      `INSERT INTO credit_record_repairs (record_id, uscc, repaired_at, basis, application_id, rule_set_version, profile_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (record_id) DO NOTHING RETURNING record_id`,
      [recordId, row.uscc, at, basis.basis, basis.applicationId, basis.ruleSetVersion, basis.profileId],
    );
    if (inserted.length === 0) return null;
    await m.query(
      `UPDATE credit_records SET repaired_at = $2, updated_at = now() WHERE id = $1 AND repaired_at IS NULL`,
      [recordId, at],
    );
    if (basis.basis !== 'application') return {};
    const { spec } = await this.spec(shanghaiDateOf(at));
    const field = repairTimeline(spec, { ...repairableOf({ ...row, tags: [] }) }).removalField;
    if (!field || row.payload[field] != null) return {};
    const removedOn = shanghaiDateOf(at);
    await m.query(
      `UPDATE credit_records SET payload = jsonb_set(payload, $2::text[], to_jsonb($3::text)) WHERE id = $1`,
      [recordId, [field], removedOn],
    );
    return { removedOn };
  }

  private async row(m: EntityManager, id: string, lock: boolean): Promise<ApplicationRow> {
    const [row]: ApplicationRow[] = await m.query(
      `${APPLICATION_SELECT} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`,
      [id],
    );
    if (!row) throw new DomainError(ErrorCode.NotFound, `no repair application ${id}`);
    return row;
  }

  private async view(id: string): Promise<RepairApplicationView> {
    return viewOf(await this.row(this.dataSource.manager, id, false));
  }
}

function ownUscc(principal: Principal): string {
  if (!principal.uscc)
    throw new DomainError(ErrorCode.Forbidden, 'only an enterprise token (with its uscc) files repairs');
  return principal.uscc;
}

function assertVisible(principal: Principal, row: ApplicationRow): void {
  const visible = principal.roles.includes(Role.Enterprise)
    ? principal.uscc === row.uscc.trim()
    : coversRegion(principal, row.region_code);
  if (!visible) throw new DomainError(ErrorCode.NotFound, `no repair application ${row.id}`);
}

function viewOf(row: ApplicationRow): RepairApplicationView {
  const decisionNo = row.payload.decisionNo;
  return {
    id: row.id,
    uscc: row.uscc.trim(),
    record: {
      id: row.record_id,
      type: row.type,
      severity: row.severity,
      occurredOn: row.occurred_on,
      decisionNo: typeof decisionNo === 'string' ? decisionNo : null,
    },
    status: row.status,
    evidence: row.evidence,
    ruleSetVersion: row.rule_set_version,
    profile: row.profile_id,
    grade: row.grade,
    decisionWorkingDays: row.decision_working_days,
    decideBy: new Date(row.decide_by).toISOString(),
    filedAt: new Date(row.filed_at).toISOString(),
    escalatedAt: row.escalated_at ? new Date(row.escalated_at).toISOString() : null,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    decisionReason: row.decision_reason,
  };
}

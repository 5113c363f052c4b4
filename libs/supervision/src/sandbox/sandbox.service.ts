import { AuditService } from '@app/audit';
import { DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CreateSandboxEnrolmentDto, SandboxEnrolmentView } from './sandbox.dto';

interface EnrolmentRow {
  id: string;
  uscc: string;
  scope: string;
  licence_ref: string;
  starts_on: string;
  ends_on: string;
  conditions: string[];
  enrolled_by: string;
  exited_on: string | null;
  exit_source: string | null;
  exit_reason: string | null;
  exited_by: string | null;
}

const COLUMNS = `s.id::text AS id, s.uscc::text AS uscc, s.scope, s.licence_ref, s.starts_on::text AS starts_on,
  s.ends_on::text AS ends_on, s.conditions, s.enrolled_by, s.exited_on::text AS exited_on, s.exit_source,
  s.exit_reason, s.exited_by`;

/**
 * Sandbox supervision (沙盒监管): explicit enrolments with scope, licence reference, conditions and
 * dates. While enrolled the enterprise is out of random draws (reason `in_sandbox`); triggered
 * inspections still reach it. It returns to normal supervision after its end date (the daily job),
 * or earlier when a regulator exits it with a reason or a serious trigger fires.
 */
@Injectable()
export class SandboxService {
  private readonly logger = new Logger(SandboxService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async enrol(body: CreateSandboxEnrolmentDto, actor: string): Promise<SandboxEnrolmentView> {
    if (body.end < body.start) {
      throw new DomainError(ErrorCode.ValidationFailed, 'the enrolment ends before it starts', [
        { path: 'end', message: 'must not be before start' },
      ]);
    }
    const id = uuidv7();
    const by = `regulator:${actor}`;
    await this.dataSource.transaction(async (m) => {
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO sandbox_enrolments (id, uscc, scope, licence_ref, starts_on, ends_on, conditions, enrolled_by)
         SELECT $1, e.uscc, $3, $4, $5, $6, $7::jsonb, $8 FROM enterprises e WHERE e.uscc = $2::bpchar
         ON CONFLICT (uscc) WHERE exited_at IS NULL DO NOTHING
         RETURNING id::text`,
        [
          id,
          body.uscc,
          body.scope,
          body.licenceRef,
          body.start,
          body.end,
          JSON.stringify(body.conditions),
          by,
        ],
      );
      if (inserted.length === 0) {
        throw new DomainError(ErrorCode.Conflict, `${body.uscc} already has an open sandbox enrolment`, [
          { path: 'uscc', message: 'exit the open enrolment first' },
        ]);
      }
      await this.audit.append(m, [
        {
          actor: by,
          action: 'sandbox.enrolled',
          entityType: 'sandbox_enrolment',
          entityId: id,
          data: {
            uscc: body.uscc,
            scope: body.scope,
            licenceRef: body.licenceRef,
            start: body.start,
            end: body.end,
          },
        },
      ]);
    });
    return this.get(id);
  }

  async exit(
    id: string,
    reason: string,
    actor: string,
    on = shanghaiDateOf(new Date()),
  ): Promise<SandboxEnrolmentView> {
    await this.dataSource.transaction(async (m) => {
      const exited = await exitEnrolments(m, [
        { id, on, source: 'regulator', reason, by: `regulator:${actor}` },
      ]);
      if (exited.length === 0)
        throw new DomainError(ErrorCode.Conflict, `sandbox enrolment ${id} has already ended`);
      await this.audit.append(m, exitAudit(exited, 'regulator', reason, `regulator:${actor}`));
    });
    return this.get(id);
  }

  /** Ends enrolments past their last day (the daily job); a second run ends nothing twice. */
  async expire(today = shanghaiDateOf(new Date())): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due: { id: string; ends_on: string }[] = await m.query(
        `SELECT id::text, ends_on::text FROM sandbox_enrolments WHERE exited_at IS NULL AND ends_on < $1::date
          ORDER BY ends_on, id LIMIT 10000`,
        [today],
      );
      const by = 'schedule:sandbox-expiry';
      const exited = await exitEnrolments(
        m,
        due.map((d) => ({
          id: d.id,
          on: dayAfter(d.ends_on),
          source: 'expiry',
          reason: `沙盒期于${d.ends_on}届满, 恢复常规监管`,
          by,
        })),
      );
      await this.audit.append(m, exitAudit(exited, 'expiry', 'expired', by));
      if (exited.length > 0)
        this.logger.log(`sandbox: ${exited.length} enrolment(s) expired before ${today}`);
      return exited.length;
    });
  }

  async get(id: string, today = shanghaiDateOf(new Date())): Promise<SandboxEnrolmentView> {
    const [row]: EnrolmentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sandbox_enrolments s WHERE s.id = $1::uuid`,
      [id],
    );
    if (!row) throw new DomainError(ErrorCode.NotFound, `no sandbox enrolment ${id}`);
    return view(row, today);
  }

  /** Every enrolment of one enterprise, newest first (its own self-service view). */
  async ofEnterprise(uscc: string, today = shanghaiDateOf(new Date())): Promise<SandboxEnrolmentView[]> {
    const rows: EnrolmentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sandbox_enrolments s WHERE s.uscc = $1::bpchar ORDER BY s.starts_on DESC, s.id DESC`,
      [uscc.trim().toUpperCase()],
    );
    return rows.map((r) => view(r, today));
  }

  /** The region of an enrolment's enterprise (for the caller's scope check), or null when there is none. */
  async regionOf(id: string): Promise<string | null> {
    const [row]: { region: string }[] = await this.dataSource.query(
      `SELECT e.region_code AS region FROM sandbox_enrolments s JOIN enterprises e ON e.uscc = s.uscc WHERE s.id = $1::uuid`,
      [id],
    );
    return row?.region ?? null;
  }

  async list(
    filter: { active?: boolean; regions: string[] | null; limit: number; offset: number },
    today = shanghaiDateOf(new Date()),
  ): Promise<{ items: SandboxEnrolmentView[]; total: number }> {
    const where = `WHERE ($1::text[] IS NULL OR e.region_code LIKE ANY ($1::text[]))
      AND ($2::boolean IS NULL
           OR ($2 AND s.exited_at IS NULL AND s.starts_on <= $3::date AND s.ends_on >= $3::date)
           OR (NOT $2 AND NOT (s.exited_at IS NULL AND s.starts_on <= $3::date AND s.ends_on >= $3::date)))`;
    const params = [filter.regions?.map((r) => `${r}%`) ?? null, filter.active ?? null, today];
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM sandbox_enrolments s JOIN enterprises e ON e.uscc = s.uscc ${where}`,
      params,
    );
    const rows: EnrolmentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sandbox_enrolments s JOIN enterprises e ON e.uscc = s.uscc ${where}
        ORDER BY s.ends_on, s.uscc LIMIT $4 OFFSET $5`,
      [...params, filter.limit, filter.offset],
    );
    return { items: rows.map((r) => view(r, today)), total };
  }
}

/** Exits open enrolments (guarded: an exited one is left alone); returns those exited. */
export async function exitEnrolments(
  m: EntityManager,
  exits: { id: string; on: string; source: 'expiry' | 'regulator' | 'trigger'; reason: string; by: string }[],
): Promise<{ id: string; uscc: string }[]> {
  if (exits.length === 0) return [];
  return m.query(
    `WITH exited AS (
       UPDATE sandbox_enrolments s
          SET exited_at = now(), exited_on = x.on_date, exit_source = x.source, exit_reason = x.reason, exited_by = x.by
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, on_date date, source text, reason text, by text)
        WHERE s.id = x.id AND s.exited_at IS NULL
        RETURNING s.id::text AS id, s.uscc::text AS uscc)
     SELECT * FROM exited`,
    [
      JSON.stringify(
        exits.map((e) => ({ id: e.id, on_date: e.on, source: e.source, reason: e.reason, by: e.by })),
      ),
    ],
  );
}

export function exitAudit(
  exited: { id: string; uscc: string }[],
  source: string,
  reason: string,
  by: string,
) {
  return exited.map((row) => ({
    actor: by,
    action: 'sandbox.exited',
    entityType: 'sandbox_enrolment',
    entityId: row.id,
    data: { uscc: row.uscc.trim(), exitSource: source, reason },
  }));
}

function view(r: EnrolmentRow, today: string): SandboxEnrolmentView {
  const status =
    r.exited_on !== null || r.ends_on < today ? 'exited' : r.starts_on > today ? 'scheduled' : 'active';
  return {
    id: r.id,
    uscc: r.uscc.trim(),
    status,
    scope: r.scope,
    licenceRef: r.licence_ref,
    start: r.starts_on,
    end: r.ends_on,
    conditions: r.conditions,
    enrolledBy: r.enrolled_by,
    exitedOn: r.exited_on,
    exitSource: r.exit_source,
    exitReason: r.exit_reason,
    exitedBy: r.exited_by,
  };
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

import { ChangeFeed } from '@app/assessment';
import { AuditService } from '@app/audit';
import { DomainError, ErrorCode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  medianMs,
  WarningOutcome,
  WarningStatus,
  WarningStep,
  warningTransition,
} from '../domain/warning-state';

export interface WarningListItem {
  id: string;
  uscc: string;
  regionCode: string;
  light: 'red' | 'yellow';
  status: WarningStatus;
  openedAt: string;
  /** A yellow warning's light lapses then unless another yellow event joins it; null for red. */
  quietUntil: string | null;
  assignee: string | null;
  outcome: WarningOutcome | null;
  resolvedAt: string | null;
  events: number;
}

export interface WarningDetail extends WarningListItem {
  ruleSetVersion: string;
  note: string | null;
  history: Record<string, unknown>[];
  lights: {
    eventId: string;
    light: string;
    ruleSetVersion: string;
    inputDigest: string;
    evidence: unknown;
    event: unknown;
  }[];
}

export interface WarningSummaryRow {
  light: 'red' | 'yellow';
  regionCode: string;
  open: number;
  acknowledged: number;
  assigned: number;
  resolved: number;
  /** Median open → resolved time of the resolved ones, in milliseconds (exact decimal), null if none. */
  medianHandlingMs: string | null;
}

/** Visibility: null = every region, else division-code prefixes. */
export type RegionFilter = string[] | null;

const ITEM_COLUMNS = `w.id::text AS id, w.uscc::text AS uscc, w.region_code, w.light, w.status, w.opened_at, w.quiet_until,
  w.assignee, w.outcome, w.resolved_at,
  (SELECT count(*)::int FROM investment_lights l WHERE l.warning_id = w.id) AS events`;

/**
 * Investment warnings and their closed loop. Every step is audited with its actor in the same
 * transaction as the change; a resolution marks the enterprise for re-tiering (the one re-assessment
 * path, ChangeFeed), since its open-warning facts changed.
 */
@Injectable()
export class InvestmentWarningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeed,
  ) {}

  async list(filter: {
    light?: string;
    status?: string;
    regions: RegionFilter;
    limit: number;
    offset: number;
  }): Promise<{ items: WarningListItem[]; total: number }> {
    const params = [
      filter.light ?? null,
      filter.status ?? null,
      patterns(filter.regions),
      filter.limit,
      filter.offset,
    ];
    const where = `($1::text IS NULL OR w.light = $1) AND ($2::text IS NULL OR w.status = $2)
       AND ($3::text[] IS NULL OR w.region_code LIKE ANY($3::text[]))`;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}, count(*) OVER () AS total FROM investment_warnings w WHERE ${where}
        ORDER BY w.id DESC LIMIT $4 OFFSET $5`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && filter.offset > 0) {
      const [c]: { n: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM investment_warnings w WHERE ${where}`,
        params.slice(0, 3),
      );
      total = c.n;
    }
    return { items: rows.map(itemOf), total };
  }

  async get(id: string, regions: RegionFilter): Promise<WarningDetail> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}, w.rule_set_version, w.note, w.history FROM investment_warnings w
        WHERE w.id = $1 AND ($2::text[] IS NULL OR w.region_code LIKE ANY($2::text[]))`,
      [id, patterns(regions)],
    );
    if (rows.length === 0) throw new DomainError(ErrorCode.NotFound, `no investment warning ${id}`);
    const lights: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT l.event_id::text AS event_id, l.light, l.rule_set_version, l.input_digest, l.evidence,
              jsonb_build_object('kind', e.kind, 'uscc', e.uscc, 'targetUscc', e.target_uscc, 'targetName', e.target_name,
                'targetIndustryCode', e.target_industry_code, 'amount', e.amount::text, 'occurredOn', to_char(e.occurred_on, 'YYYY-MM-DD'),
                'notified', e.notified, 'source', e.source, 'sourceRecordId', e.source_record_id) AS event
         FROM investment_lights l JOIN investment_events e ON e.id = l.event_id
        WHERE l.warning_id = $1 ORDER BY l.event_id`,
      [id],
    );
    const r = rows[0];
    return {
      ...itemOf(r),
      ruleSetVersion: String(r.rule_set_version),
      note: (r.note as string | null) ?? null,
      history: r.history as Record<string, unknown>[],
      lights: lights.map((l) => ({
        eventId: String(l.event_id),
        light: String(l.light),
        ruleSetVersion: String(l.rule_set_version),
        inputDigest: String(l.input_digest),
        evidence: l.evidence,
        event: l.event,
      })),
    };
  }

  acknowledge(id: string, regions: RegionFilter, actor: string): Promise<WarningDetail> {
    return this.step(id, regions, actor, 'acknowledge', {});
  }

  assign(id: string, regions: RegionFilter, actor: string, assignee: string): Promise<WarningDetail> {
    return this.step(id, regions, actor, 'assign', { assignee });
  }

  resolve(
    id: string,
    regions: RegionFilter,
    actor: string,
    outcome: WarningOutcome,
    note: string,
  ): Promise<WarningDetail> {
    return this.step(id, regions, actor, 'resolve', { outcome, note });
  }

  private async step(
    id: string,
    regions: RegionFilter,
    actor: string,
    step: WarningStep,
    data: { assignee?: string; outcome?: WarningOutcome; note?: string },
  ): Promise<WarningDetail> {
    await this.dataSource.transaction(async (manager) => {
      const rows: { status: WarningStatus; uscc: string; light: string }[] = await manager.query(
        `SELECT status, uscc::text AS uscc, light FROM investment_warnings
          WHERE id = $1 AND ($2::text[] IS NULL OR region_code LIKE ANY($2::text[])) FOR UPDATE`,
        [id, patterns(regions)],
      );
      if (rows.length === 0) throw new DomainError(ErrorCode.NotFound, `no investment warning ${id}`);
      const transition = warningTransition(rows[0].status, step);
      if (!transition.ok) {
        throw new DomainError(ErrorCode.Conflict, transition.message, [
          { path: 'status', message: transition.message },
        ]);
      }
      const at = new Date().toISOString();
      const entry = JSON.stringify([{ step, actor, at, from: rows[0].status, to: transition.next, ...data }]);
      await manager.query(
        `UPDATE investment_warnings SET status = $2::text, history = history || $3::jsonb,
                assignee = COALESCE($4::text, assignee), outcome = COALESCE($5::text, outcome),
                note = COALESCE($6::text, note),
                resolved_at = CASE WHEN $2::text = 'resolved' THEN $7::timestamptz ELSE resolved_at END,
                resolved_by = CASE WHEN $2::text = 'resolved' THEN $8::text ELSE resolved_by END
          WHERE id = $1`,
        [
          id,
          transition.next,
          entry,
          data.assignee ?? null,
          data.outcome ?? null,
          data.note ?? null,
          at,
          actor,
        ],
      );
      const uscc = rows[0].uscc.trim();
      await this.audit.append(manager, [
        {
          actor,
          action: `investment-warning.${step === 'acknowledge' ? 'acknowledged' : step === 'assign' ? 'assigned' : 'resolved'}`,
          entityType: 'investment_warning',
          entityId: id,
          data: { uscc, light: rows[0].light, from: rows[0].status, to: transition.next, ...data },
        },
      ]);
      // The result feeds the tier: re-tier through the one re-assessment path.
      if (step === 'resolve') await this.changeFeed.mark(manager, [uscc]);
    });
    return this.get(id, regions);
  }

  async summary(regions: RegionFilter): Promise<WarningSummaryRow[]> {
    const rows: {
      light: 'red' | 'yellow';
      region_code: string;
      status: WarningStatus;
      handling_ms: string | null;
    }[] = await this.dataSource.query(
      `SELECT light, region_code, status,
                CASE WHEN resolved_at IS NULL THEN NULL
                     ELSE floor(extract(epoch FROM (resolved_at - opened_at)) * 1000)::bigint::text END AS handling_ms
           FROM investment_warnings WHERE ($1::text[] IS NULL OR region_code LIKE ANY($1::text[]))`,
      [patterns(regions)],
    );
    const groups = new Map<string, WarningSummaryRow & { times: string[] }>();
    for (const r of rows) {
      const key = `${r.light}/${r.region_code}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          light: r.light,
          regionCode: r.region_code,
          open: 0,
          acknowledged: 0,
          assigned: 0,
          resolved: 0,
          medianHandlingMs: null,
          times: [],
        };
        groups.set(key, g);
      }
      g[r.status]++;
      if (r.handling_ms !== null) g.times.push(r.handling_ms);
    }
    return [...groups.values()]
      .sort((a, b) =>
        a.light === b.light ? a.regionCode.localeCompare(b.regionCode) : a.light === 'red' ? -1 : 1,
      )
      .map(({ times, ...g }) => ({ ...g, medianHandlingMs: medianMs(times) }));
  }
}

function patterns(regions: RegionFilter): string[] | null {
  return regions === null ? null : regions.map((r) => `${r}%`);
}

function iso(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(value as string | Date).toISOString();
}

function itemOf(r: Record<string, unknown>): WarningListItem {
  return {
    id: String(r.id),
    uscc: String(r.uscc).trim(),
    regionCode: String(r.region_code),
    light: r.light as 'red' | 'yellow',
    status: r.status as WarningStatus,
    openedAt: iso(r.opened_at)!,
    quietUntil: iso(r.quiet_until),
    assignee: (r.assignee as string | null) ?? null,
    outcome: (r.outcome as WarningOutcome | null) ?? null,
    resolvedAt: iso(r.resolved_at),
    events: Number(r.events),
  };
}

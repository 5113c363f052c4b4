import { DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { daysRemaining } from './observation-eligibility';
import {
  EnterpriseObservationView,
  ObservationPeriodView,
  PERIOD_COLUMNS,
  PeriodRow,
} from './observation.view';

export interface PeriodListFilter {
  status?: 'active' | 'ended';
  endingWithinDays?: number;
  /** Region prefixes (null: every region). */
  regions: string[] | null;
  limit: number;
  offset: number;
}

/** Reads of observation periods: one enterprise's current period and history, and the regional list. */
@Injectable()
export class ObservationQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async ofEnterprise(uscc: string, today = shanghaiDateOf(new Date())): Promise<EnterpriseObservationView> {
    const code = uscc.trim().toUpperCase();
    const [exists]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM enterprises WHERE uscc = $1::bpchar`,
      [code],
    );
    if (!exists) throw new DomainError(ErrorCode.NotFound, `no enterprise ${code}`);
    const rows: PeriodRow[] = await this.dataSource.query(
      `SELECT ${PERIOD_COLUMNS} FROM observation_periods p WHERE p.uscc = $1::bpchar
        ORDER BY p.started_on DESC, p.started_at DESC`,
      [code],
    );
    const history = rows.map((r) => periodView(r, today));
    return { uscc: code, current: history.find((p) => p.status === 'active') ?? null, history };
  }

  async list(
    filter: PeriodListFilter,
    today = shanghaiDateOf(new Date()),
  ): Promise<{ items: ObservationPeriodView[]; total: number }> {
    const where = `WHERE ($1::text[] IS NULL OR e.region_code LIKE ANY ($1::text[]))
        AND ($2::text IS NULL
             OR ($2 = 'active' AND p.ended_at IS NULL AND p.ends_on >= $3::date)
             OR ($2 = 'ended' AND (p.ended_at IS NOT NULL OR p.ends_on < $3::date)))
        AND ($4::int IS NULL OR (p.ended_at IS NULL AND p.ends_on >= $3::date AND p.ends_on < $3::date + $4::int))`;
    const params = [
      filter.regions?.map((r) => `${r}%`) ?? null,
      filter.status ?? null,
      today,
      filter.endingWithinDays ?? null,
    ];
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM observation_periods p JOIN enterprises e ON e.uscc = p.uscc ${where}`,
      params,
    );
    const rows: PeriodRow[] = await this.dataSource.query(
      `SELECT ${PERIOD_COLUMNS} FROM observation_periods p JOIN enterprises e ON e.uscc = p.uscc ${where}
        ORDER BY p.ends_on, p.uscc, p.started_on LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    );
    return { items: rows.map((r) => periodView(r, today)), total };
  }
}

export function periodView(r: PeriodRow, today: string): ObservationPeriodView {
  const active = r.ended_on === null && r.ends_on >= today;
  return {
    id: r.id,
    uscc: r.uscc.trim(),
    status: active ? 'active' : 'ended',
    source: r.source,
    startedOn: r.started_on,
    endsOn: r.ends_on,
    daysRemaining: active ? daysRemaining(today, r.ends_on) : null,
    startReason: r.start_reason,
    startRuleVersion: r.start_rule_version,
    startedBy: r.started_by,
    endedOn: r.ended_on,
    endSource: r.end_source,
    endReason: r.end_reason,
    endRuleVersion: r.end_rule_version,
    endedBy: r.ended_by,
    startDetail: r.start_detail,
    endDetail: r.end_detail,
  };
}

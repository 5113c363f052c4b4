import { DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  gradePlatform,
  PlatformGradeResult,
  PlatformMetrics,
  platformThresholdsOn,
} from '../domain/platform-grade';
import { LightRulesProvider } from '../lights/light-rules.provider';

export interface PlatformGradeView extends PlatformGradeResult {
  uscc: string;
  isPlatform: boolean;
  /** The figures graded, and where each came from. */
  metrics: PlatformMetrics & { from: { event: string | null; eventOn: string | null } };
}

/**
 * GET /enterprises/:uscc/platform-grade: the figures are the latest investment event's
 * `platformMetrics` (by date), field by field falling back to the enterprise's registered
 * platformMonthlyUsers and platformValuation; graded by the thresholds in force today.
 */
@Injectable()
export class PlatformGradeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: LightRulesProvider,
  ) {}

  async grade(uscc: string, now = new Date()): Promise<PlatformGradeView> {
    const rows: {
      is_platform: boolean;
      users: string | null;
      valuation: string | null;
      metrics: { monthlyActiveUsers?: string; coreBusinesses?: string; marketValue?: string } | null;
      event_id: string | null;
      event_on: string | null;
    }[] = await this.dataSource.query(
      `SELECT e.is_platform, e.platform_monthly_users::text AS users, e.platform_valuation::text AS valuation,
              m.metrics, m.event_id, m.event_on
         FROM enterprises e
         LEFT JOIN LATERAL (
           SELECT ev.payload -> 'platformMetrics' AS metrics, ev.id::text AS event_id,
                  to_char(ev.occurred_on, 'YYYY-MM-DD') AS event_on
             FROM investment_events ev WHERE ev.uscc = e.uscc AND ev.payload ? 'platformMetrics'
            ORDER BY ev.occurred_on DESC, ev.id DESC LIMIT 1) m ON true
        WHERE e.uscc = $1`,
      [uscc],
    );
    if (rows.length === 0) throw new DomainError(ErrorCode.NotFound, `no enterprise ${uscc}`);
    const r = rows[0];
    const t = platformThresholdsOn(this.rules.capitalData().platformGrades, shanghaiDateOf(now));
    if (!t) throw new DomainError(ErrorCode.NotFound, 'no platform grade thresholds are in force');
    const metrics: PlatformMetrics = {
      activeUsers: r.metrics?.monthlyActiveUsers ?? r.users,
      coreBusinesses: r.metrics?.coreBusinesses !== undefined ? Number(r.metrics.coreBusinesses) : null,
      marketValue: r.metrics?.marketValue ?? (r.valuation === null ? null : normalise(r.valuation)),
    };
    const result = gradePlatform(metrics, t);
    if (!r.is_platform && r.metrics === null)
      result.reasons.unshift('not registered as a platform (isPlatform false)');
    return {
      uscc,
      isPlatform: r.is_platform,
      ...result,
      metrics: { ...metrics, from: { event: r.event_id, eventOn: r.event_on } },
    };
  }
}

/** numeric(20,2) as PostgreSQL prints it ("1000.00") already; strip nothing else. */
function normalise(value: string): string {
  return /^\d+\.\d{2}$/.test(value) ? value : `${value}.00`;
}

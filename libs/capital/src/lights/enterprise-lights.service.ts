import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Light } from '../domain/investment-event.types';

export interface EnterpriseLights {
  uscc: string;
  /**
   * What the enterprise shows now: red while a red warning is unresolved, yellow while a yellow one
   * is unresolved and inside its quiet period, green otherwise.
   */
  current: Light;
  items: {
    eventId: string;
    kind: string;
    occurredOn: string;
    targetUscc: string | null;
    targetName: string | null;
    light: Light;
    ruleSetVersion: string;
    fired: unknown[];
    warningId: string | null;
  }[];
  total: number;
}

@Injectable()
export class EnterpriseLightsService {
  constructor(private readonly dataSource: DataSource) {}

  async current(uscc: string, now = new Date()): Promise<Light> {
    const [row]: { red: number; yellow: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE light = 'red')::int AS red,
              count(*) FILTER (WHERE light = 'yellow' AND quiet_until > $2::timestamptz)::int AS yellow
         FROM investment_warnings WHERE uscc = $1 AND status <> 'resolved'`,
      [uscc, now.toISOString()],
    );
    return row.red > 0 ? 'red' : row.yellow > 0 ? 'yellow' : 'green';
  }

  async list(uscc: string, limit: number, offset: number): Promise<EnterpriseLights> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT e.id::text AS event_id, e.kind, to_char(e.occurred_on, 'YYYY-MM-DD') AS occurred_on,
              e.target_uscc::text AS target_uscc, e.target_name, l.light, l.rule_set_version,
              COALESCE(l.evidence -> 'fired', '[]'::jsonb) AS fired, l.warning_id::text AS warning_id,
              count(*) OVER () AS total
         FROM investment_events e JOIN investment_lights l ON l.event_id = e.id
        WHERE e.uscc = $1 ORDER BY e.occurred_on DESC, e.id DESC LIMIT $2 OFFSET $3`,
      [uscc, limit, offset],
    );
    return {
      uscc,
      current: await this.current(uscc),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        eventId: String(r.event_id),
        kind: String(r.kind),
        occurredOn: String(r.occurred_on),
        targetUscc: typeof r.target_uscc === 'string' ? r.target_uscc.trim() : null,
        targetName: (r.target_name as string | null) ?? null,
        light: r.light as Light,
        ruleSetVersion: String(r.rule_set_version),
        fired: r.fired as unknown[],
        warningId: (r.warning_id as string | null) ?? null,
      })),
    };
  }
}

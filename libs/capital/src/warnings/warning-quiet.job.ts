import { ChangeFeed } from '@app/assessment';
import { AuditService } from '@app/audit';
import { JobName, JobOf, OnJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The end of a yellow warning's quiet period: the light lapses (the enterprise shows green again
 * and `investment.open_yellow_warnings` stops counting it), so the enterprise is re-tiered through
 * the change feed. The warning itself stays open for the regulator to resolve. Does nothing when
 * the warning was resolved, when another yellow event moved its quiet period on, or when this
 * lapse is already recorded (a retry after the commit).
 */
@Injectable()
export class WarningQuietJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeed,
  ) {}

  @OnJob(JobName.InvestmentWarningQuiet)
  lapse({ warningId, quietUntil }: JobOf<JobName.InvestmentWarningQuiet>): Promise<{ outcome: string }> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { uscc: string; status: string; quiet_until: Date | null; lapsed: boolean }[] =
        await manager.query(
          `SELECT uscc::text AS uscc, status, quiet_until,
                history @> jsonb_build_array(jsonb_build_object('step', 'quiet-period-lapsed', 'quietUntil', $2::text)) AS lapsed
           FROM investment_warnings WHERE id = $1 FOR UPDATE`,
          [warningId, quietUntil],
        );
      const w = rows[0];
      if (!w) return { outcome: 'no such warning' };
      if (w.status === 'resolved') return { outcome: 'resolved' };
      if (w.lapsed) return { outcome: 'already lapsed' };
      if (w.quiet_until === null || new Date(w.quiet_until).getTime() !== Date.parse(quietUntil))
        return { outcome: 'quiet period moved on' };
      if (Date.parse(quietUntil) > Date.now()) return { outcome: 'not yet due' };
      const at = new Date().toISOString();
      await manager.query(`UPDATE investment_warnings SET history = history || $2::jsonb WHERE id = $1`, [
        warningId,
        JSON.stringify([{ step: 'quiet-period-lapsed', quietUntil, actor: 'system', at }]),
      ]);
      const uscc = w.uscc.trim();
      await this.audit.append(manager, [
        {
          actor: 'system',
          action: 'investment-warning.lapsed',
          entityType: 'investment_warning',
          entityId: warningId,
          data: { uscc, quietUntil },
        },
      ]);
      await this.changeFeed.mark(manager, [uscc]);
      return { outcome: 'lapsed' };
    });
  }
}

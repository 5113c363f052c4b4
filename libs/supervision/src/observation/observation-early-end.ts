import type { AuditService } from '@app/audit';
import type { EntityManager } from 'typeorm';
import { exitAudit, exitEnrolments } from '../sandbox/sandbox.service';
import { endPeriods } from './observation-period.repository';

export interface SeriousTrigger {
  uscc: string;
  /** The trigger's reason code and text, the triggers rule-set version and the task it created. */
  code: string;
  reason: string;
  ruleVersion: string;
  taskId: string;
}

/**
 * A serious trigger (a triggers rule marked `endsObservation`) ends the enterprise's open observation
 * period — whoever started it — and its sandbox enrolment early (DOMAIN.md §4), inside the caller's
 * transaction, with their audit entries; the enterprise is back under normal supervision from
 * `today`. Returns the periods ended.
 */
export async function endObservationBySeriousTriggers(
  m: EntityManager,
  audit: AuditService,
  triggers: SeriousTrigger[],
  today: string,
): Promise<{ id: string; uscc: string }[]> {
  if (triggers.length === 0) return [];
  const open: { id: string; uscc: string }[] = await m.query(
    `SELECT id::text, uscc::text FROM observation_periods WHERE ended_at IS NULL AND uscc = ANY($1::bpchar[])`,
    [triggers.map((t) => t.uscc)],
  );
  const byUscc = new Map(triggers.map((t) => [t.uscc, t]));
  const ends = open.map((p) => {
    const t = byUscc.get(p.uscc.trim())!;
    return {
      id: p.id,
      endedOn: today,
      source: 'trigger' as const,
      reason: `严重触发事项: ${t.reason}`,
      ruleVersion: t.ruleVersion,
      detail: { trigger: t.code, taskId: t.taskId, triggersVersion: t.ruleVersion },
      by: `triggers@${t.ruleVersion}`,
    };
  });
  const ended = await endPeriods(m, ends);
  const byId = new Map(ends.map((e) => [e.id, e]));
  await audit.append(
    m,
    ended.map((row) => {
      const e = byId.get(row.id)!;
      return {
        actor: e.by,
        action: 'observation.ended',
        entityType: 'observation_period',
        entityId: row.id,
        data: { uscc: row.uscc, endedOn: today, endSource: 'trigger', reason: e.reason, ...e.detail },
      };
    }),
  );
  const sandboxes: { id: string; uscc: string }[] = await m.query(
    `SELECT id::text, uscc::text FROM sandbox_enrolments WHERE exited_at IS NULL AND uscc = ANY($1::bpchar[])`,
    [triggers.map((t) => t.uscc)],
  );
  for (const sb of sandboxes) {
    const t = byUscc.get(sb.uscc.trim())!;
    const reason = `严重触发事项: ${t.reason}`;
    const by = `triggers@${t.ruleVersion}`;
    const exited = await exitEnrolments(m, [{ id: sb.id, on: today, source: 'trigger', reason, by }]);
    await audit.append(m, exitAudit(exited, 'trigger', reason, by));
  }
  return ended;
}

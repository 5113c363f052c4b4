import { AuditService } from '@app/audit';
import { DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { RuleSetStore } from '@app/rulesets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { periodEndsOn } from './observation-eligibility';
import { ObservationEvaluator } from './observation-evaluator';
import { endPeriods, insertPeriods } from './observation-period.repository';
import { periodView } from './observation-query.service';
import { ObservationOverrideDto, ObservationOverrideView } from './observation.dto';
import { PERIOD_COLUMNS, PeriodRow } from './observation.view';

/**
 * A regulator's override of observation periods, and the daily expiry. A regulator may start a period
 * for any enterprise with a reason (the answer warns when the rules would not have chosen it) and end
 * an open one; a period a regulator started is not ended by the automatic exit on assessment. Expiry
 * returns the enterprise to normal supervision after its last day.
 */
@Injectable()
export class ObservationService {
  private readonly logger = new Logger(ObservationService.name);
  private readonly evaluator: ObservationEvaluator;

  constructor(
    private readonly dataSource: DataSource,
    ruleSets: RuleSetStore,
    private readonly audit: AuditService,
  ) {
    this.evaluator = new ObservationEvaluator(dataSource, ruleSets);
  }

  async override(
    uscc: string,
    body: ObservationOverrideDto,
    actor: string,
    today = shanghaiDateOf(new Date()),
  ): Promise<ObservationOverrideView> {
    const code = uscc.trim().toUpperCase();
    const nbf = this.evaluator.newBusinessFormParams();
    const [enterprise]: { tier: string | null; nbf: boolean; open_id: string | null }[] =
      await this.dataSource.query(
        `SELECT e.current_tier AS tier,
              (e.new_business_form OR e.industry_code LIKE ANY($2::text[]) OR e.tags && $3::text[]) AS nbf,
              (SELECT id::text FROM observation_periods p WHERE p.uscc = e.uscc AND p.ended_at IS NULL) AS open_id
         FROM enterprises e WHERE e.uscc = $1::bpchar`,
        [code, nbf.patterns, nbf.tags],
      );
    if (!enterprise) throw new DomainError(ErrorCode.NotFound, `no enterprise ${code}`);
    const by = `regulator:${actor}`;
    if (body.action === 'end') {
      if (body.until !== undefined) {
        throw new DomainError(ErrorCode.ValidationFailed, 'until is for start only', [
          { path: 'until', message: 'an end takes effect today; leave until out' },
        ]);
      }
      if (!enterprise.open_id)
        throw new DomainError(ErrorCode.Conflict, `${code} has no open observation period`);
      const id = enterprise.open_id;
      await this.dataSource.transaction(async (m) => {
        const ended = await endPeriods(m, [
          { id, endedOn: today, source: 'regulator', reason: body.reason, ruleVersion: null, detail: {}, by },
        ]);
        if (ended.length === 0) throw new DomainError(ErrorCode.Conflict, `${code}'s period has just ended`);
        await this.audit.append(m, [
          {
            actor: by,
            action: 'observation.ended',
            entityType: 'observation_period',
            entityId: id,
            data: { uscc: code, endedOn: today, endSource: 'regulator', reason: body.reason },
          },
        ]);
      });
      return { period: await this.period(id, today), warnings: [] };
    }

    if (enterprise.open_id) {
      throw new DomainError(ErrorCode.Conflict, `${code} is already in an observation period`, [
        { path: 'action', message: 'end the open period first' },
      ]);
    }
    const ruleSet = await this.evaluator.ruleSetOn(today);
    const warnings: string[] = [];
    let detail: Record<string, unknown> = {};
    if (!ruleSet) {
      warnings.push(`no observation rule set is in force on ${today}: eligibility was not checked`);
    } else {
      const decision = (
        await this.evaluator.decide(
          ruleSet,
          [{ uscc: code, tier: enterprise.tier ?? undefined, newBusinessForm: enterprise.nbf }],
          today,
        )
      ).get(code);
      if (!decision) {
        warnings.push(
          'the observation rules could not be evaluated (no tier yet?): eligibility was not checked',
        );
      } else {
        detail = {
          eligible: decision.eligible,
          reasons: decision.reasons,
          inputDigest: decision.inputDigest,
        };
        if (!decision.eligible) {
          warnings.push(
            `the observation rules ${ruleSet.version} would not have chosen this enterprise: ${decision.reasons
              .filter((r) => r.kind === 'ineligible')
              .map((r) => r.reason)
              .join('; ')}`,
          );
        }
      }
    }
    const endsOn = body.until ?? (ruleSet ? periodEndsOn(today, ruleSet.outcome.maxMonths) : undefined);
    if (endsOn === undefined) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'until is required while no observation rule set is in force',
        [{ path: 'until', message: 'give the last day of the period' }],
      );
    }
    if (endsOn < today) {
      throw new DomainError(ErrorCode.ValidationFailed, 'until is in the past', [
        { path: 'until', message: `must be ${today} or later` },
      ]);
    }
    const id = uuidv7();
    await this.dataSource.transaction(async (m) => {
      const started = await insertPeriods(
        m,
        [
          {
            id,
            uscc: code,
            source: 'regulator',
            startedOn: today,
            endsOn,
            reason: body.reason,
            ruleVersion: ruleSet?.version ?? null,
            detail: { ...detail, warnings },
            by,
          },
        ],
        false,
      );
      if (started.length === 0)
        throw new DomainError(ErrorCode.Conflict, `${code} is already in an observation period`);
      await this.audit.append(m, [
        {
          actor: by,
          action: 'observation.started',
          entityType: 'observation_period',
          entityId: id,
          data: { uscc: code, source: 'regulator', startedOn: today, endsOn, reason: body.reason, warnings },
        },
      ]);
    });
    return { period: await this.period(id, today), warnings };
  }

  /**
   * Ends every open period whose last day is before `today` (the daily job): the enterprise is back
   * under normal supervision. Guarded per row, so a second run (or a retry) ends nothing twice.
   */
  async expire(today = shanghaiDateOf(new Date())): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due: { id: string; ends_on: string; uscc: string }[] = await m.query(
        `SELECT id::text, ends_on::text, uscc::text FROM observation_periods
          WHERE ended_at IS NULL AND ends_on < $1::date ORDER BY ends_on, id LIMIT 10000`,
        [today],
      );
      const ended = await endPeriods(
        m,
        due.map((p) => ({
          id: p.id,
          // The period ran through its last day: it ended the day after.
          endedOn: dayAfter(p.ends_on),
          source: 'expiry',
          reason: `观察期于${p.ends_on}届满, 恢复常规监管`,
          ruleVersion: null,
          detail: {},
          by: 'schedule:observation-expiry',
        })),
      );
      const byId = new Map(due.map((p) => [p.id, p]));
      await this.audit.append(
        m,
        ended.map((row) => ({
          actor: 'schedule:observation-expiry',
          action: 'observation.ended',
          entityType: 'observation_period',
          entityId: row.id,
          data: { uscc: row.uscc, endedOn: dayAfter(byId.get(row.id)!.ends_on), endSource: 'expiry' },
        })),
      );
      if (ended.length > 0) this.logger.log(`observation: ${ended.length} period(s) expired before ${today}`);
      return ended.length;
    });
  }

  private async period(id: string, today: string) {
    const [row]: PeriodRow[] = await this.dataSource.query(
      `SELECT ${PERIOD_COLUMNS} FROM observation_periods p WHERE p.id = $1::uuid`,
      [id],
    );
    return periodView(row, today);
  }
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

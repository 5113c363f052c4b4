import { RunScope } from '@app/assessment';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { Clock, DomainError, ErrorCode, shanghaiDateOf } from '@app/domain';
import { JobName, OutboxWriter } from '@app/queue';
import { RuleSetStore } from '@app/rulesets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Explanation } from '../evaluate/tier-evaluation';
import { SIMULATION_COLUMNS, SimulationRow, SimulationView, toSimulationView } from './simulation.view';

export interface CreateSimulation {
  kind: string;
  version: string;
  scope: RunScope;
  /** A deterministic sample of this many enterprises of the scope (all of them when absent). */
  sample?: number;
  requestedBy: string;
  chunkSize?: number;
}

export interface SimulationChange {
  uscc: string;
  from: string;
  to: string;
  old: Explanation;
  new: Explanation;
}

/** Kinds a simulation compares today: tiering (the matrix is of tiers). */
export const SIMULATED_KINDS = ['tiering'];
export const MAX_SAMPLE = 10_000_000;

/**
 * Simulations (issue #12 point 6): a rule-set version compared with the version in force on the
 * stored population, without writing a single assessment. Created with its planning job (outbox,
 * same transaction); the worker then runs it in chunks (SimulationRunner).
 */
@Injectable()
export class SimulationService {
  private readonly logger = new Logger(SimulationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    /** Tells the day a simulation is "as of" (the versions in force, the facts' date); tests pin it. */
    private readonly clock: Clock,
  ) {}

  async create(input: CreateSimulation, dispatch: 'queue' | 'inline' = 'queue'): Promise<SimulationView> {
    if (!SIMULATED_KINDS.includes(input.kind)) {
      throw new DomainError(ErrorCode.ValidationFailed, `${input.kind} versions cannot be simulated yet`, [
        {
          path: 'kind',
          message: `must be one of ${SIMULATED_KINDS.join(', ')} (a migration matrix is of tiers)`,
        },
      ]);
    }
    const { ruleSet } = await this.ruleSets.version(input.kind, input.version);
    const asOf = shanghaiDateOf(this.clock.now());
    const base = (await this.ruleSets.inForce('tiering', asOf)).ruleSet;
    const frequency = (await this.ruleSets.inForce('frequency', asOf)).ruleSet;
    const row = await this.dataSource.transaction(async (m) => {
      const [created]: { id: string }[] = await m.query(
        `INSERT INTO simulations (kind, version, base_version, frequency_version, scope, sample, as_of, chunk_size, requested_by)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::date, $8, $9) RETURNING id`,
        [
          ruleSet.kind,
          ruleSet.version,
          base.version,
          frequency.version,
          JSON.stringify(input.scope),
          input.sample ?? null,
          asOf,
          input.chunkSize ?? this.config.assessmentChunkSize,
          input.requestedBy,
        ],
      );
      if (dispatch === 'queue') {
        await this.outbox.enqueue(
          m,
          { name: JobName.SimulationPlan, data: { simulationId: created.id } },
          { jobId: `sim-${created.id}-plan` },
        );
      }
      await this.audit.append(m, [
        {
          actor: input.requestedBy,
          action: 'simulation.created',
          entityType: 'simulation',
          entityId: created.id,
          data: {
            ruleSet: { kind: ruleSet.kind, version: ruleSet.version },
            against: base.version,
            frequency: frequency.version,
            scope: input.scope,
            sample: input.sample ?? null,
            asOf,
          },
        },
      ]);
      return created;
    });
    this.logger.log(`simulation ${row.id}: tiering ${ruleSet.version} against ${base.version} as of ${asOf}`);
    return this.get(row.id);
  }

  async get(id: string): Promise<SimulationView> {
    const [row]: SimulationRow[] = await this.dataSource.query(
      `SELECT ${SIMULATION_COLUMNS} FROM simulations s WHERE s.id = $1`,
      [id],
    );
    if (!row) throw new DomainError(ErrorCode.NotFound, `no simulation ${id}`);
    // Progress is measured on the database's wall-clock timestamps (started_at), so against wall time.
    return toSimulationView(row, new Date());
  }

  /** The enterprises whose tier the simulated version changes (optionally one move), by code. */
  async changes(
    id: string,
    filter: { from?: string; to?: string; limit: number; offset: number },
  ): Promise<{ items: SimulationChange[]; total: number }> {
    const where = `simulation_id = $1 AND ($2::text IS NULL OR from_tier = $2) AND ($3::text IS NULL OR to_tier = $3)`;
    const params = [id, filter.from ?? null, filter.to ?? null];
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM simulation_changes WHERE ${where}`,
      params,
    );
    const rows: {
      uscc: string;
      from_tier: string;
      to_tier: string;
      old_explanation: Explanation;
      new_explanation: Explanation;
    }[] = await this.dataSource.query(
      `SELECT uscc::text AS uscc, from_tier, to_tier, old_explanation, new_explanation FROM simulation_changes
        WHERE ${where} ORDER BY uscc LIMIT $4 OFFSET $5`,
      [...params, filter.limit, filter.offset],
    );
    return {
      total,
      items: rows.map((r) => ({
        uscc: r.uscc,
        from: r.from_tier,
        to: r.to_tier,
        old: r.old_explanation,
        new: r.new_explanation,
      })),
    };
  }
}

import { Clock, DomainError, ErrorCode, RuleSetKind, settleActivation } from '@app/domain';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RuleSetStore } from '../rule-set.store';
import { RULE_SET_ACTIVATION_HOOKS, RuleSetActivationHook } from './rule-set-activation.hook';
import { RuleSetVersionRepository } from './rule-set-version.repository';
import { VersionSteps } from './version-steps';

export interface ActivationOutcome {
  activated?: string;
  retired: string[];
}

/**
 * Puts due versions in force: the latest scheduled version whose effectiveFrom has come is in force,
 * the ones before it are retired, and the kind's re-evaluation starts (hooks, same transaction).
 * Idempotent: once applied, a second call finds nothing due and starts nothing.
 */
@Injectable()
export class RuleSetActivationService {
  private readonly logger = new Logger(RuleSetActivationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: RuleSetVersionRepository,
    private readonly steps: VersionSteps,
    private readonly clock: Clock,
    private readonly store: RuleSetStore,
    @Optional() @Inject(RULE_SET_ACTIVATION_HOOKS) private readonly hooks: RuleSetActivationHook[] = [],
  ) {}

  /** The activation job of one version: refuses (transiently) to run before its instant. */
  async activate(kind: RuleSetKind, version: string): Promise<ActivationOutcome> {
    const v = await this.versions.get(kind, version);
    const now = this.clock.now();
    if (v.status === 'scheduled' && new Date(v.effectiveFrom!).getTime() > now.getTime()) {
      throw new DomainError(ErrorCode.Unavailable, `${kind} ${version} is not due until ${v.effectiveFrom}`);
    }
    return this.activateDue(kind);
  }

  async activateDue(kind: RuleSetKind, actor = 'system:rule-set-activation'): Promise<ActivationOutcome> {
    // Hooks read the versions in force on connections of their own: the shipped files must be in
    // before this transaction locks and changes the rows an import would wait on.
    await this.store.ensureShipped();
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (m) => {
      // Serialises activations of one kind.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('rule-set-activation:' || $1, 0))`, [
        kind,
      ]);
      const published = await this.versions.published(m, kind);
      const settled = settleActivation(
        published.map((v) => ({ ...v, effectiveFrom: new Date(v.effectiveFrom!) })),
        now,
      );
      if (!settled) return { retired: [] };
      const retired: string[] = [];
      for (const old of settled.retire) {
        const r = await this.versions.update(m, old, { status: 'retired', retiredAt: now, updatedAt: now });
        await this.steps.record(m, actor, 'retired', r, { supersededBy: settled.activate.version }, now);
        retired.push(r.version);
      }
      const active = await this.versions.update(m, settled.activate, {
        status: 'in_force',
        activatedAt: now,
        updatedAt: now,
      });
      await this.steps.record(
        m,
        actor,
        'activated',
        active,
        { effectiveFrom: active.effectiveFrom, retired },
        now,
      );
      for (const hook of this.hooks) {
        await hook.onActivated(m, {
          kind,
          version: active.version,
          effectiveFrom: active.effectiveFrom!,
          activatedAt: now,
        });
      }
      return { activated: active.version, retired };
    });
    if (outcome.activated) {
      this.logger.log(
        `${kind} ${outcome.activated} in force${outcome.retired.length ? `, retired ${outcome.retired.join(', ')}` : ''}`,
      );
    }
    return outcome;
  }
}

import {
  assertApprovable,
  assertWithdrawable,
  Clock,
  DomainError,
  documentPath,
  ErrorCode,
  nextRuleSetStatus,
  RuleSetKind,
} from '@app/domain';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ruleSetChecksum } from '../rule-set.store';
import { RuleSetVersionRepository, RuleSetVersionView } from './rule-set-version.repository';
import { checkVersion } from './version-check';
import { assertLabel, nextLabel } from './version-label';
import { effectiveInstant, VersionSteps } from './version-steps';

export interface Rollback {
  /** The version whose document comes back (one that was in force). */
  to: string;
  effectiveFrom: string;
  /** The new version's label; `<to>-r<n>` when absent. */
  version?: string;
}

/**
 * The approver's side: approve (four eyes, clean documents only), publish with an effectiveFrom
 * (scheduled; the activation job is due then), withdraw before it takes effect, and roll back by
 * publishing an older document as a new version. History is never rewritten: effectiveFrom is
 * never in the past and never shared by two published versions of a kind.
 */
@Injectable()
export class RuleSetPublicationService {
  private readonly logger = new Logger(RuleSetPublicationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: RuleSetVersionRepository,
    private readonly steps: VersionSteps,
    private readonly clock: Clock,
  ) {}

  async approve(
    kind: RuleSetKind,
    version: string,
    approver: string,
    note?: string,
  ): Promise<RuleSetVersionView> {
    const now = this.clock.now();
    return this.step(kind, version, async (m, current) => {
      assertApprovable(
        {
          status: current.status,
          author: current.author,
          editors: current.editors,
          problems: current.problems,
          failedScenarios: current.scenarios ? current.scenarios.results.filter((r) => !r.passed) : null,
        },
        approver,
      );
      const approved = await this.versions.update(m, current, {
        status: 'approved',
        approver,
        approvedAt: now,
        updatedAt: now,
      });
      await this.steps.record(m, approver, 'approved', approved, { author: current.author, note }, now);
      return approved;
    });
  }

  /**
   * Schedules an approved version from `effectiveFrom` (an instant with a zone, not in the past).
   * The document's own effectiveFrom becomes that instant, so the stored document says when it
   * applies; the audit entry keeps the checksum that was approved beside the one published.
   */
  async publish(
    kind: RuleSetKind,
    version: string,
    effectiveFrom: string,
    actor: string,
  ): Promise<RuleSetVersionView> {
    const now = this.clock.now();
    const at = effectiveInstant(effectiveFrom, now);
    return this.step(kind, version, async (m, current) => {
      nextRuleSetStatus(current.status, 'publish');
      await this.refuseTakenInstant(m, kind, at);
      const document = { ...(current.document as Record<string, unknown>), effectiveFrom };
      const published = await this.versions.update(m, current, {
        status: 'scheduled',
        document,
        checksum: ruleSetChecksum(document),
        effectiveFrom: at,
        publishedBy: actor,
        publishedAt: now,
        updatedAt: now,
      });
      await this.steps.scheduleActivation(m, published);
      await this.steps.record(
        m,
        actor,
        'published',
        published,
        { effectiveFrom: at.toISOString(), approvedChecksum: current.checksum },
        now,
      );
      return published;
    });
  }

  async withdraw(
    kind: RuleSetKind,
    version: string,
    actor: string,
    note?: string,
  ): Promise<RuleSetVersionView> {
    const now = this.clock.now();
    return this.step(kind, version, async (m, current) => {
      assertWithdrawable(current.status, current.effectiveFrom ? new Date(current.effectiveFrom) : null, now);
      const withdrawn = await this.versions.update(m, current, {
        status: 'withdrawn',
        withdrawnBy: actor,
        withdrawnAt: now,
        updatedAt: now,
      });
      await this.steps.record(
        m,
        actor,
        'withdrawn',
        withdrawn,
        { effectiveFrom: current.effectiveFrom, note },
        now,
      );
      return withdrawn;
    });
  }

  /** Publishes the document of a version that was in force as a new version (scheduled). */
  async rollback(kind: RuleSetKind, input: Rollback, actor: string): Promise<RuleSetVersionView> {
    const now = this.clock.now();
    const at = effectiveInstant(input.effectiveFrom, now);
    const view = await this.dataSource.transaction(async (m) => {
      const source = await this.versions.find(kind, input.to, { manager: m });
      if (!source) {
        throw new DomainError(ErrorCode.NotFound, `no ${kind} rule-set version ${input.to}`, [
          { path: 'to', message: `no ${kind} version ${input.to}` },
        ]);
      }
      if (source.status !== 'in_force' && source.status !== 'retired') {
        throw new DomainError(ErrorCode.Conflict, `${kind} ${input.to} was never in force`, [
          {
            path: 'to',
            message: `${input.to} is ${source.status}; roll back to a version that was in force`,
          },
        ]);
      }
      await this.refuseTakenInstant(m, kind, at);
      const label =
        input.version === undefined
          ? nextLabel(`${input.to}-r`, await this.versions.labelsLike(m, kind, `${input.to}-r`))
          : assertLabel(input.version, 'version');
      assertLabel(label, 'version');
      const document = {
        ...(source.document as Record<string, unknown>),
        version: label,
        effectiveFrom: input.effectiveFrom,
      };
      const check = checkVersion(document);
      if (check.problems.length > 0) {
        throw new DomainError(
          ErrorCode.Conflict,
          `${kind} ${input.to} no longer validates; draft a new version instead`,
          check.problems.map((p) => ({ path: documentPath(p.path), message: p.message })),
        );
      }
      const created = await this.versions.insert(m, {
        kind,
        version: label,
        status: 'scheduled',
        document,
        checksum: ruleSetChecksum(document),
        author: actor,
        approver: actor,
        problems: [],
        warnings: check.warnings,
        scenarios: check.scenarios,
        basedOn: source.version,
        effectiveFrom: at,
        now,
      });
      await this.steps.scheduleActivation(m, created);
      await this.steps.record(
        m,
        actor,
        'rolled_back',
        created,
        { to: source.version, sourceChecksum: source.checksum, effectiveFrom: at.toISOString() },
        now,
      );
      return created;
    });
    this.logger.log(
      `${kind} rolled back to ${input.to} as ${view.version} from ${view.effectiveFrom} by ${actor}`,
    );
    return view;
  }

  private async step(
    kind: RuleSetKind,
    version: string,
    apply: (m: EntityManager, current: RuleSetVersionView) => Promise<RuleSetVersionView>,
  ): Promise<RuleSetVersionView> {
    const view = await this.dataSource.transaction(async (m) =>
      apply(m, await this.versions.get(kind, version, { manager: m, lock: true })),
    );
    this.logger.log(`${kind} ${version} is now ${view.status}`);
    return view;
  }

  private async refuseTakenInstant(m: EntityManager, kind: RuleSetKind, at: Date): Promise<void> {
    const taken = await this.versions.publishedAt(m, kind, at);
    if (taken) {
      throw new DomainError(ErrorCode.Conflict, `${kind} ${taken} is already published for that instant`, [
        {
          path: 'effectiveFrom',
          message: `${at.toISOString()} is taken by ${kind} ${taken}; pick another instant`,
        },
      ]);
    }
  }
}

import { AuditService } from '@app/audit';
import { DomainError, ErrorCode } from '@app/domain';
import { JobName, OutboxWriter } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RuleSetVersionView } from './rule-set-version.repository';

/** An instant with its zone: 2026-07-01T00:00:00+08:00 (or Z). */
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an effectiveFrom and refuses one in the past (publishing never rewrites what was in force). */
export function effectiveInstant(value: string, now: Date, path = 'effectiveFrom'): Date {
  const at = new Date(value);
  if (!ZONED_INSTANT.test(value) || Number.isNaN(at.getTime())) {
    throw new DomainError(ErrorCode.ValidationFailed, `${path} is not an instant with a zone`, [
      { path, message: 'must be an ISO-8601 instant with an offset, e.g. 2026-07-01T00:00:00+08:00' },
    ]);
  }
  if (at.getTime() < now.getTime()) {
    throw new DomainError(ErrorCode.ValidationFailed, `${path} is in the past`, [
      {
        path,
        message: `${value} is before now (${now.toISOString()}); what was in force is never rewritten`,
      },
    ]);
  }
  return at;
}

/** The kind of the path must be the document's. */
export function assertKind(
  document: unknown,
  kind: string,
  path: string,
): asserts document is Record<string, unknown> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DomainError(ErrorCode.ValidationFailed, `${path} must be a JSON object`, [
      { path, message: 'must be a rule-set document (a JSON object)' },
    ]);
  }
  const actual = (document as Record<string, unknown>).kind;
  if (actual !== kind) {
    throw new DomainError(ErrorCode.ValidationFailed, `the document's kind is not ${kind}`, [
      {
        path: `${path}.kind`,
        message: `must be "${kind}" (the kind in the path), got ${JSON.stringify(actual)}`,
      },
    ]);
  }
}

export type VersionAction =
  'drafted' | 'edited' | 'approved' | 'published' | 'withdrawn' | 'rolled_back' | 'activated' | 'retired';

/** The audit entry and the activation job every life-cycle step writes, in its transaction. */
@Injectable()
export class VersionSteps {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxWriter,
  ) {}

  record(
    m: EntityManager,
    actor: string,
    action: VersionAction,
    v: RuleSetVersionView,
    data: Record<string, unknown> = {},
    occurredAt?: Date,
  ): Promise<void> {
    return this.audit.append(m, [
      {
        actor,
        action: `rule_set.${action}`,
        entityType: 'rule_set_version',
        entityId: v.id,
        occurredAt,
        data: { kind: v.kind, version: v.version, status: v.status, checksum: v.checksum, ...data },
      },
    ]);
  }

  /** The activation job, due at the version's effectiveFrom (outbox run_at: survives restarts). */
  async scheduleActivation(m: EntityManager, v: RuleSetVersionView): Promise<void> {
    await this.outbox.enqueue(
      m,
      { name: JobName.RuleSetActivate, data: { kind: v.kind, version: v.version } },
      { jobId: `rule-set-activate-${v.id}`, runAt: new Date(v.effectiveFrom!) },
    );
  }
}

import {
  canonicalJson,
  Clock,
  DomainError,
  ErrorCode,
  PUBLISHED_RULE_SET_STATUSES,
  RuleSetKind,
  sha256Hex,
} from '@app/domain';
import { JOB_QUEUE, JobName } from '@app/queue';
import { RuleSetDocument, validateRuleSet } from '@app/rules';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { shippedRuleSets } from './shipped-rule-sets';

export interface StoredRuleSet {
  id: string;
  checksum: string;
  ruleSet: RuleSetDocument;
}

/** sha-256 of the canonical JSON of a rule-set document: what makes a published version immutable. */
export function ruleSetChecksum(document: unknown): string {
  return sha256Hex(canonicalJson(document));
}

/**
 * Rule-set versions in PostgreSQL (rule_set_versions), as every running system reads them. The
 * shipped files are imported as published versions the first time a version is needed (idempotent;
 * a shipped file that differs from the version already stored under its number is refused:
 * published versions never change). Authoring (drafts, approval, publication) is the lifecycle
 * services' business; this store only reads, and imports the shipped files.
 */
@Injectable()
export class RuleSetStore {
  private readonly logger = new Logger(RuleSetStore.name);
  private imported?: Promise<void>;
  private readonly parsed = new Map<string, RuleSetDocument>();

  constructor(
    private readonly dataSource: DataSource,
    /** Tells which shipped versions are already effective when they are imported; tests pin it. */
    private readonly clock: Clock = new Clock(),
  ) {}

  /** Imports the shipped rule sets once per process. */
  ensureShipped(): Promise<void> {
    this.imported ??= this.importShipped().then(
      () => undefined,
      (error: unknown) => {
        this.imported = undefined;
        throw error;
      },
    );
    return this.imported;
  }

  /** Imports every shipped file as a published version; returns the versions newly stored. */
  async importShipped(): Promise<string[]> {
    const shipped = shippedRuleSets();
    const rows = shipped.map(({ ruleSet }) => ({
      kind: ruleSet.kind,
      version: ruleSet.version,
      document: ruleSet,
      checksum: ruleSetChecksum(ruleSet),
      effective_from: ruleSet.effectiveFrom,
    }));
    // Already effective: in force (an older one in force is retired below); else scheduled, with
    // its activation job due at its effectiveFrom.
    const now = this.clock.now();
    const inserted: { id: string; kind: string; version: string; status: string; effective_from: Date }[] =
      await this.dataSource.query(
        `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, approver, effective_from,
                published_by, published_at, activated_at)
         SELECT kind, version, CASE WHEN effective_from::timestamptz <= $2 THEN 'in_force' ELSE 'scheduled' END,
                document, checksum, 'shipped', 'shipped', effective_from::timestamptz, 'shipped', $2,
                CASE WHEN effective_from::timestamptz <= $2 THEN effective_from::timestamptz END
           FROM jsonb_to_recordset($1::jsonb) AS x(kind text, version text, document jsonb, checksum text, effective_from text)
         ON CONFLICT DO NOTHING
         RETURNING id, kind, version, status, effective_from`,
        [JSON.stringify(rows), now],
      );
    if (inserted.length > 0) {
      await this.dataSource.query(
        `UPDATE rule_set_versions v SET status = 'retired', retired_at = $1
          WHERE v.status = 'in_force' AND EXISTS (
                SELECT 1 FROM rule_set_versions n WHERE n.kind = v.kind AND n.status = 'in_force'
                   AND n.effective_from > v.effective_from)`,
        [now],
      );
      const scheduled = inserted.filter((i) => i.status === 'scheduled');
      await this.dataSource.query(
        `INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
         SELECT $1, $2, 'rule-set-activate-' || x.id, jsonb_build_object('kind', x.kind, 'version', x.version), x.run_at
           FROM jsonb_to_recordset($3::jsonb) AS x(id text, kind text, version text, run_at timestamptz)`,
        [
          JOB_QUEUE[JobName.RuleSetActivate],
          JobName.RuleSetActivate,
          JSON.stringify(scheduled.map((i) => ({ ...i, run_at: new Date(i.effective_from).toISOString() }))),
        ],
      );
    }
    const stored: { kind: string; version: string; checksum: string }[] = await this.dataSource.query(
      `SELECT kind, version, checksum FROM rule_set_versions
        WHERE (kind, version) IN (SELECT x.kind, x.version FROM jsonb_to_recordset($1::jsonb) AS x(kind text, version text))`,
      [JSON.stringify(rows.map(({ kind, version }) => ({ kind, version })))],
    );
    const conflicts = stored.filter(
      (s) => rows.find((r) => r.kind === s.kind && r.version === s.version)?.checksum !== s.checksum,
    );
    if (conflicts.length > 0) {
      throw new DomainError(
        ErrorCode.Conflict,
        'a shipped rule set differs from the version already stored under its number; published versions never change — give the file a new version',
        conflicts.map((c) => ({
          path: shipped.find((s) => s.ruleSet.kind === c.kind && s.ruleSet.version === c.version)!.file,
          message: `${c.kind} ${c.version} is stored with checksum ${c.checksum}`,
        })),
      );
    }
    if (inserted.length > 0) {
      this.logger.log(
        `imported shipped rule sets as published: ${inserted.map((i) => `${i.kind} ${i.version}`).join(', ')}`,
      );
    }
    return inserted.map((i) => `${i.kind}@${i.version}`);
  }

  /**
   * The version of a kind in force at the end of a regulatory date (Asia/Shanghai): of the versions
   * ever published (scheduled, in force, retired; never drafts or withdrawn ones), the one with the
   * latest effectiveFrom not after it. A version is in force from its effectiveFrom until the next
   * one's, whatever the activation job has done yet, so any past date gets the version of then.
   */
  async inForce(kind: RuleSetKind, asOf: string): Promise<StoredRuleSet> {
    await this.ensureShipped();
    const rows: { id: string; checksum: string; document: unknown }[] = await this.dataSource.query(
      `SELECT id, checksum, document FROM rule_set_versions
        WHERE kind = $1 AND status = ANY($3::text[])
          AND effective_from < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        ORDER BY effective_from DESC LIMIT 1`,
      [kind, asOf, PUBLISHED_RULE_SET_STATUSES],
    );
    if (rows.length === 0) {
      throw new DomainError(ErrorCode.NotFound, `no published ${kind} rule set is in force on ${asOf}`);
    }
    return this.read(rows[0]);
  }

  /**
   * Every published version of a kind (scheduled, in force, retired; never drafts or withdrawn ones),
   * the latest effectiveFrom first: where presentation texts of a rule are looked up when the
   * version that decided does not carry them.
   */
  async published(kind: RuleSetKind): Promise<StoredRuleSet[]> {
    await this.ensureShipped();
    const rows: { id: string; checksum: string; document: unknown }[] = await this.dataSource.query(
      `SELECT id, checksum, document FROM rule_set_versions
        WHERE kind = $1 AND status = ANY($2::text[]) ORDER BY effective_from DESC`,
      [kind, PUBLISHED_RULE_SET_STATUSES],
    );
    return rows.map((row) => this.read(row));
  }

  /** One stored version, whatever its status (recomputing an assessment names its version). */
  async version(kind: string, version: string): Promise<StoredRuleSet> {
    await this.ensureShipped();
    const rows: { id: string; checksum: string; document: unknown }[] = await this.dataSource.query(
      `SELECT id, checksum, document FROM rule_set_versions WHERE kind = $1 AND version = $2`,
      [kind, version],
    );
    if (rows.length === 0)
      throw new DomainError(ErrorCode.NotFound, `no ${kind} rule set version ${version}`);
    return this.read(rows[0]);
  }

  private read(row: { id: string; checksum: string; document: unknown }): StoredRuleSet {
    let ruleSet = this.parsed.get(row.checksum);
    if (!ruleSet) {
      const result = validateRuleSet(row.document);
      if (!result.ok) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `stored rule set ${row.id} is invalid`,
          result.problems.map((p) => ({ path: p.path, message: p.message })),
        );
      }
      ruleSet = result.ruleSet;
      this.parsed.set(row.checksum, ruleSet);
    }
    return { id: row.id, checksum: row.checksum, ruleSet };
  }
}

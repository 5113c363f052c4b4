import { canonicalJson, DomainError, ErrorCode, RuleSetKind, sha256Hex } from '@app/domain';
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
 * Rule-set versions in PostgreSQL (rule_set_versions). The shipped files are imported as published
 * versions the first time a version is needed (idempotent; a shipped file that differs from the
 * version already published under its number is refused: published versions never change). The
 * version in force on a date is the published one with the latest effective_from not after it, so a
 * past assessment is recomputed with the version that was in force then.
 */
@Injectable()
export class RuleSetStore {
  private readonly logger = new Logger(RuleSetStore.name);
  private imported?: Promise<void>;
  private readonly parsed = new Map<string, RuleSetDocument>();

  constructor(private readonly dataSource: DataSource) {}

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
    const inserted: { kind: string; version: string }[] = await this.dataSource.query(
      `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, approver, effective_from, published_at)
       SELECT kind, version, 'published', document, checksum, 'shipped', 'shipped', effective_from::timestamptz, now()
         FROM jsonb_to_recordset($1::jsonb) AS x(kind text, version text, document jsonb, checksum text, effective_from text)
       ON CONFLICT (kind, version) DO NOTHING
       RETURNING kind, version`,
      [JSON.stringify(rows)],
    );
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

  /** The published version of a kind in force at the end of a regulatory date (Asia/Shanghai). */
  async inForce(kind: RuleSetKind, asOf: string): Promise<StoredRuleSet> {
    await this.ensureShipped();
    const rows: { id: string; checksum: string; document: unknown }[] = await this.dataSource.query(
      `SELECT id, checksum, document FROM rule_set_versions
        WHERE kind = $1 AND status = 'published'
          AND effective_from < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        ORDER BY effective_from DESC, published_at DESC LIMIT 1`,
      [kind, asOf],
    );
    if (rows.length === 0) {
      throw new DomainError(ErrorCode.NotFound, `no published ${kind} rule set is in force on ${asOf}`);
    }
    return this.read(rows[0]);
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

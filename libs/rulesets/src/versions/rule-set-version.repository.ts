import {
  DomainError,
  ErrorCode,
  ErrorDetail,
  PUBLISHED_RULE_SET_STATUSES,
  RuleSetKind,
  RuleSetStatus,
} from '@app/domain';
import type { RuleSetWarning as VersionWarning, ScenarioReport } from '@app/rules';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** One stored version as the API shows it. */
export interface RuleSetVersionView {
  id: string;
  kind: RuleSetKind;
  version: string;
  status: RuleSetStatus;
  effectiveFrom: string | null;
  checksum: string;
  author: string;
  /** Who else edited the draft (none of them may approve it). */
  editors: string[];
  approver: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  activatedAt: string | null;
  retiredAt: string | null;
  basedOn: string | null;
  createdAt: string;
  updatedAt: string;
  problems: ErrorDetail[];
  warnings: VersionWarning[];
  scenarios: ScenarioReport | null;
  /** The document itself (one version; lists leave it out). */
  document?: unknown;
}

interface VersionRow {
  id: string;
  kind: RuleSetKind;
  version: string;
  status: RuleSetStatus;
  effective_from: Date | null;
  checksum: string;
  author: string;
  editors: string[];
  approver: string | null;
  approved_at: Date | null;
  published_by: string | null;
  published_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  activated_at: Date | null;
  retired_at: Date | null;
  based_on: string | null;
  created_at: Date;
  updated_at: Date;
  problems: ErrorDetail[];
  warnings: VersionWarning[];
  scenarios: ScenarioReport | null;
  document?: unknown;
}

const COLUMNS = `id, kind, version, status, effective_from, checksum, author, editors, approver, approved_at, published_by,
  published_at, withdrawn_by, withdrawn_at, activated_at, retired_at, based_on, created_at, updated_at, problems,
  warnings, scenarios`;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function toView(row: VersionRow): RuleSetVersionView {
  return {
    id: row.id,
    kind: row.kind,
    version: row.version,
    status: row.status,
    effectiveFrom: iso(row.effective_from),
    checksum: row.checksum,
    author: row.author,
    editors: row.editors,
    approver: row.approver,
    approvedAt: iso(row.approved_at),
    publishedBy: row.published_by,
    publishedAt: iso(row.published_at),
    withdrawnBy: row.withdrawn_by,
    withdrawnAt: iso(row.withdrawn_at),
    activatedAt: iso(row.activated_at),
    retiredAt: iso(row.retired_at),
    basedOn: row.based_on,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    problems: row.problems,
    warnings: row.warnings,
    scenarios: row.scenarios,
    ...(row.document === undefined ? {} : { document: row.document }),
  };
}

/** What a new version row holds. */
export interface NewVersion {
  kind: RuleSetKind;
  version: string;
  status: RuleSetStatus;
  document: unknown;
  checksum: string;
  author: string;
  problems: ErrorDetail[];
  warnings: VersionWarning[];
  scenarios: ScenarioReport | null;
  basedOn?: string | null;
  approver?: string | null;
  effectiveFrom?: Date | null;
  now: Date;
}

/** The columns a life-cycle step may change. */
export interface VersionChange {
  status?: RuleSetStatus;
  document?: unknown;
  checksum?: string;
  problems?: ErrorDetail[];
  warnings?: VersionWarning[];
  scenarios?: ScenarioReport | null;
  approver?: string;
  editors?: string[];
  approvedAt?: Date;
  publishedBy?: string;
  publishedAt?: Date;
  effectiveFrom?: Date;
  withdrawnBy?: string;
  withdrawnAt?: Date;
  activatedAt?: Date;
  retiredAt?: Date;
  updatedAt: Date;
}

const CHANGE_COLUMNS: Record<keyof VersionChange, string> = {
  status: 'status',
  document: 'document',
  checksum: 'checksum',
  problems: 'problems',
  warnings: 'warnings',
  scenarios: 'scenarios',
  approver: 'approver',
  editors: 'editors',
  approvedAt: 'approved_at',
  publishedBy: 'published_by',
  publishedAt: 'published_at',
  effectiveFrom: 'effective_from',
  withdrawnBy: 'withdrawn_by',
  withdrawnAt: 'withdrawn_at',
  activatedAt: 'activated_at',
  retiredAt: 'retired_at',
  updatedAt: 'updated_at',
};
const JSON_COLUMNS = new Set(['document', 'problems', 'warnings', 'scenarios']);

const UNIQUE_VIOLATION = '23505';

/** rule_set_versions, read and written for the life cycle (SQL lives here, not in the services). */
@Injectable()
export class RuleSetVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One version with its document; `lock` takes a row lock inside the caller's transaction. */
  async find(
    kind: string,
    version: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<RuleSetVersionView | undefined> {
    const rows: VersionRow[] = await (options.manager ?? this.dataSource).query(
      `SELECT ${COLUMNS}, document FROM rule_set_versions WHERE kind = $1 AND version = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [kind, version],
    );
    return rows[0] && toView(rows[0]);
  }

  async get(kind: string, version: string, options: { manager?: EntityManager; lock?: boolean } = {}) {
    const found = await this.find(kind, version, options);
    if (!found) throw new DomainError(ErrorCode.NotFound, `no ${kind} rule-set version ${version}`);
    return found;
  }

  /** A page of a kind's versions, newest first, without their documents. */
  async page(
    kind: string,
    limit: number,
    offset: number,
  ): Promise<{ items: RuleSetVersionView[]; total: number }> {
    const rows: (VersionRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM rule_set_versions WHERE kind = $1
        ORDER BY created_at DESC, version DESC LIMIT $2 OFFSET $3`,
      [kind, limit, offset],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(kind);
    return { items: rows.map(toView), total };
  }

  private async count(kind: string): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM rule_set_versions WHERE kind = $1`,
      [kind],
    );
    return n;
  }

  /** Every version not yet settled (draft, approved, scheduled) and the ones in force, without documents. */
  async current(): Promise<RuleSetVersionView[]> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM rule_set_versions WHERE status IN ('draft','approved','scheduled','in_force')
        ORDER BY kind, effective_from NULLS LAST, created_at`,
    );
    return rows.map(toView);
  }

  /** The published versions of a kind (for activation), locked in the caller's transaction. */
  async published(manager: EntityManager, kind: string): Promise<RuleSetVersionView[]> {
    const rows: VersionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM rule_set_versions WHERE kind = $1 AND status = ANY($2::text[])
        ORDER BY effective_from FOR UPDATE`,
      [kind, PUBLISHED_RULE_SET_STATUSES],
    );
    return rows.map(toView);
  }

  /** The labels of a kind that start with a prefix (to assign the next free one). */
  async labelsLike(manager: EntityManager, kind: string, prefix: string): Promise<string[]> {
    const rows: { version: string }[] = await manager.query(
      `SELECT version FROM rule_set_versions WHERE kind = $1 AND starts_with(version, $2)`,
      [kind, prefix],
    );
    return rows.map((r) => r.version);
  }

  /** The published version of a kind at an instant, other than `exceptId`. */
  async publishedAt(manager: EntityManager, kind: string, at: Date): Promise<string | undefined> {
    const rows: { version: string }[] = await manager.query(
      `SELECT version FROM rule_set_versions WHERE kind = $1 AND effective_from = $2 AND status = ANY($3::text[])`,
      [kind, at.toISOString(), PUBLISHED_RULE_SET_STATUSES],
    );
    return rows[0]?.version;
  }

  /** Inserts a version; a label already taken in the kind is a conflict naming it. */
  async insert(manager: EntityManager, v: NewVersion): Promise<RuleSetVersionView> {
    try {
      const rows: VersionRow[] = await manager.query(
        `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, approver, problems,
                warnings, scenarios, based_on, effective_from, created_at, updated_at, approved_at, published_by, published_at)
         VALUES ($1, $2, $3::text, $4::jsonb, $5, $6, $7::text, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12::timestamptz, $13::timestamptz, $13::timestamptz,
                 CASE WHEN $7::text IS NULL THEN NULL ELSE $13::timestamptz END,
                 CASE WHEN $3::text = 'scheduled' THEN $7::text END, CASE WHEN $3::text = 'scheduled' THEN $13::timestamptz END)
         RETURNING ${COLUMNS}, document`,
        [
          v.kind,
          v.version,
          v.status,
          JSON.stringify(v.document),
          v.checksum,
          v.author,
          v.approver ?? null,
          JSON.stringify(v.problems),
          JSON.stringify(v.warnings),
          v.scenarios === null ? null : JSON.stringify(v.scenarios),
          v.basedOn ?? null,
          v.effectiveFrom?.toISOString() ?? null,
          v.now.toISOString(),
        ],
      );
      return toView(rows[0]);
    } catch (error) {
      throw this.conflictOf(error, v.kind, v.version, v.effectiveFrom) ?? error;
    }
  }

  /** Applies a life-cycle step to one row. */
  async update(
    manager: EntityManager,
    current: { id: string; kind: RuleSetKind; version: string },
    change: VersionChange,
  ): Promise<RuleSetVersionView> {
    const entries = Object.entries(change).filter(([, value]) => value !== undefined);
    const sets = entries.map(([key], i) => {
      const column = CHANGE_COLUMNS[key as keyof VersionChange];
      return `${column} = $${i + 2}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`;
    });
    const values = entries.map(([key, value]) => {
      if (value instanceof Date) return value.toISOString();
      if (JSON_COLUMNS.has(CHANGE_COLUMNS[key as keyof VersionChange]))
        return value === null ? null : JSON.stringify(value);
      return value;
    });
    try {
      const [rows]: [VersionRow[], number] = await manager.query(
        `UPDATE rule_set_versions SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}, document`,
        [current.id, ...values],
      );
      return toView(rows[0]);
    } catch (error) {
      throw this.conflictOf(error, current.kind, current.version, change.effectiveFrom) ?? error;
    }
  }

  private conflictOf(
    error: unknown,
    kind: string,
    version: string,
    at?: Date | null,
  ): DomainError | undefined {
    const e = error as { code?: string; constraint?: string };
    if (e.code !== UNIQUE_VIOLATION) return undefined;
    if (e.constraint === 'uq_rule_set_versions_kind_instant') {
      return new DomainError(
        ErrorCode.Conflict,
        `another ${kind} version is scheduled for the same instant`,
        [
          {
            path: 'effectiveFrom',
            message: `${at?.toISOString()} is taken by another published ${kind} version`,
          },
        ],
      );
    }
    return new DomainError(ErrorCode.Conflict, `${kind} version ${version} exists already`, [
      { path: 'version', message: `${version} is taken; version labels are unique per kind` },
    ]);
  }
}

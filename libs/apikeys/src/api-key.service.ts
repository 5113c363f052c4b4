import { AuditService } from '@app/audit';
import { ApiKeyResolver, Principal, Role } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { checkedBody } from '@app/http';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';

import { CreateApiKeyDto } from './api-key.dto';

export { SOURCE_NAME } from './api-key.dto';

export interface ApiKeyView {
  id: string;
  name: string;
  /** The first characters of the key, to recognise it; the key itself is never stored. */
  prefix: string;
  sources: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_prefix: string;
  sources: string[];
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const COLUMNS = `id, name, key_prefix, sources, created_by, created_at, last_used_at, revoked_at, revoked_by`;
const KEY_FORMAT = /^twk_[A-Za-z0-9_-]{43}$/;

const sha256 = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const view = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.key_prefix,
  sources: r.sources,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
  revokedBy: r.revoked_by,
});

/**
 * API keys of ingest clients: created (the key is shown once), listed, revoked (never deleted), and
 * resolved to a principal that may write records of its own sources only. Keys are 32 random bytes;
 * only their SHA-256 is stored.
 */
@Injectable()
export class ApiKeyService implements ApiKeyResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** `input`: a CreateApiKeyDto the ValidationPipe checked, or (the CLI) a plain object checked here with it. */
  async create(
    input: CreateApiKeyDto | { name?: string; sources?: string[] },
    actor: string,
  ): Promise<{ key: string; apiKey: ApiKeyView }> {
    const body = checkedBody(CreateApiKeyDto, input, 'API key');
    const name = body.name.trim();
    const sources = [...new Set(body.sources)];
    const key = `twk_${randomBytes(32).toString('base64url')}`;
    const id = uuidv7();
    const row = await this.dataSource.transaction(async (m) => {
      const [inserted]: ApiKeyRow[] = await m.query(
        `INSERT INTO api_keys (id, name, key_prefix, key_hash, sources, created_by)
         VALUES ($1, $2, $3, $4, $5::text[], $6) RETURNING ${COLUMNS}`,
        [id, name, key.slice(0, 12), sha256(key), sources, actor],
      );
      await this.audit.append(m, [
        { actor, action: 'api_key.created', entityType: 'api_key', entityId: id, data: { name, sources } },
      ]);
      return inserted;
    });
    return { key, apiKey: view(row) };
  }

  async list(page: { limit: number; offset: number }): Promise<{ items: ApiKeyView[]; total: number }> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM api_keys`);
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    return { items: rows.map(view), total };
  }

  async get(id: string): Promise<ApiKeyView> {
    const [row]: ApiKeyRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [
      id,
    ]);
    if (!row) throw new DomainError(ErrorCode.NotFound, `no API key ${id}`);
    return view(row);
  }

  /** Revokes a key at once; revoking a revoked key changes nothing and answers the same. */
  async revoke(id: string, actor: string): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (m) => {
      // (a bare UPDATE … RETURNING comes back from TypeORM as [rows, count]; the CTE returns rows)
      const [row]: ApiKeyRow[] = await m.query(
        `WITH u AS (UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL
         RETURNING ${COLUMNS}) SELECT * FROM u`,
        [id, actor],
      );
      if (!row) return this.get(id);
      await this.audit.append(m, [
        { actor, action: 'api_key.revoked', entityType: 'api_key', entityId: id, data: { name: row.name } },
      ]);
      return view(row);
    });
  }

  async resolve(key: string): Promise<Principal | null> {
    if (!KEY_FORMAT.test(key)) return null;
    const hash = sha256(key);
    const [found]: { id: string; name: string; sources: string[] }[] = await this.dataSource.query(
      `SELECT id, name, sources FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    if (!found) return null;
    // When it was last used, to the minute (one write a minute at most, not one per request).
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [found.id],
    );
    return {
      subject: `api-key:${found.name}`,
      roles: [Role.Ingest],
      sources: found.sources,
      apiKeyId: found.id,
    };
  }
}

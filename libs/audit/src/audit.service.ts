import { AuditLogEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryContent, auditHash, GENESIS_HASH } from './audit-chain';

/** Serialises writers of the chain inside their own transactions. */
const AUDIT_CHAIN_LOCK = 7_310_204_552;

export type AuditInput = Omit<AuditEntryContent, 'occurredAt' | 'correlationId'> & { occurredAt?: Date };

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** First entry whose stored hash or previous-hash link does not match, when not ok. */
  brokenAt?: string;
  reason?: string;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cls: ClsService,
  ) {}

  /** Appends entries within the caller's transaction; they commit or vanish with its change. */
  async append(manager: EntityManager, entries: AuditInput[]): Promise<void> {
    if (entries.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append needs a transaction (use dataSource.transaction)');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last] = await manager.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    let prevHash: string = last?.hash ?? GENESIS_HASH;
    const correlationId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    const rows = entries.map((input) => {
      // Millisecond precision, so the stored timestamp hashes the same when read back.
      const entry: AuditEntryContent = {
        ...input,
        occurredAt: new Date(Math.floor((input.occurredAt ?? new Date()).getTime())),
        correlationId,
      };
      const hash = auditHash(prevHash, entry);
      const row = { ...entry, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await manager.query(
      `INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, correlation_id, data, prev_hash, hash)
       SELECT occurred_at, actor, action, entity_type, entity_id, correlation_id, data, prev_hash, hash
         FROM jsonb_to_recordset($1::jsonb) AS x(occurred_at timestamptz, actor text, action text, entity_type text,
              entity_id text, correlation_id text, data jsonb, prev_hash text, hash text, seq int)
         ORDER BY seq`,
      [
        JSON.stringify(
          rows.map((r, seq) => ({
            seq,
            occurred_at: r.occurredAt.toISOString(),
            actor: r.actor,
            action: r.action,
            entity_type: r.entityType,
            entity_id: r.entityId,
            correlation_id: r.correlationId,
            data: r.data,
            prev_hash: r.prevHash,
            hash: r.hash,
          })),
        ),
      ],
    );
  }

  /** Walks the whole chain in id order, recomputing every hash. */
  async verify(pageSize = 5000): Promise<ChainVerification> {
    let prevHash = GENESIS_HASH;
    let afterId = '0';
    let checked = 0;
    for (;;) {
      const rows: AuditLogEntity[] = await this.dataSource
        .getRepository(AuditLogEntity)
        .createQueryBuilder('a')
        .where('a.id > :afterId', { afterId })
        .orderBy('a.id', 'ASC')
        .limit(pageSize)
        .getMany();
      if (rows.length === 0) return { ok: true, checked };
      for (const row of rows) {
        if (row.prevHash !== prevHash) {
          return { ok: false, checked, brokenAt: row.id, reason: 'previous-hash link does not match' };
        }
        if (auditHash(prevHash, row) !== row.hash) {
          return { ok: false, checked, brokenAt: row.id, reason: 'content does not match its hash' };
        }
        prevHash = row.hash;
        checked++;
      }
      afterId = rows[rows.length - 1].id;
    }
  }

  async history(entityType: string, entityId: string): Promise<AuditLogEntity[]> {
    return this.dataSource
      .getRepository(AuditLogEntity)
      .find({ where: { entityType, entityId }, order: { id: 'ASC' } });
  }
}

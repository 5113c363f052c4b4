import type { JsonObject } from './json.types';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only, hash-chained audit trail: hash = sha256(prev_hash || canonical entry). A database
 * trigger refuses UPDATE and DELETE; AuditService.verify walks the chain.
 */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 128 })
  entityId!: string;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: JsonObject;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}

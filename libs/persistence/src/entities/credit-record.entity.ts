import type { JsonObject } from './json.types';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

import type { CreditRecordType } from '@app/domain';

export { CREDIT_RECORD_TYPES, type CreditRecordType } from '@app/domain';

/** A credit fact about an enterprise from a source register; (source, source_record_id) identifies it. */
@Entity({ name: 'credit_records' })
@Unique('uq_credit_records_source', ['source', 'sourceRecordId'])
@Index('credit_records_facts', ['uscc']) // INCLUDE the fact columns (migration CoveringRecordIndexes)
export class CreditRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'char', length: 18 })
  uscc!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: CreditRecordType;

  @Column({ type: 'varchar', length: 16, nullable: true })
  severity!: string | null;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn!: string;

  @Column({ name: 'publicity_until', type: 'date', nullable: true })
  publicityUntil!: string | null;

  @Column({ type: 'varchar', length: 64 })
  source!: string;

  @Column({ name: 'source_record_id', type: 'varchar', length: 128 })
  sourceRecordId!: string;

  @Column({ name: 'repaired_at', type: 'timestamptz', nullable: true })
  repairedAt!: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: JsonObject;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

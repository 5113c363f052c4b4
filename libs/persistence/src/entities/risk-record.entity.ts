import type { JsonObject } from './json.types';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

import type { RiskRecordType, RiskSeverity } from '@app/domain';

export { RISK_RECORD_TYPES, RISK_SEVERITIES, type RiskRecordType, type RiskSeverity } from '@app/domain';

/** A risk signal (complaint, monitoring hit, public opinion, platform behaviour) about an enterprise. */
@Entity({ name: 'risk_records' })
@Unique('uq_risk_records_source', ['source', 'sourceRecordId'])
@Index('risk_records_facts', ['uscc']) // INCLUDE the fact columns (migration CoveringRecordIndexes)
export class RiskRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'char', length: 18 })
  uscc!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: RiskRecordType;

  @Column({ type: 'varchar', length: 8 })
  severity!: RiskSeverity;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 64 })
  source!: string;

  @Column({ name: 'source_record_id', type: 'varchar', length: 128 })
  sourceRecordId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: JsonObject;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

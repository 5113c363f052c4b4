import type { JsonObject } from './json.types';
import type { InvestmentEventKind } from '@app/domain';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export { INVESTMENT_EVENT_KINDS, type InvestmentEventKind } from '@app/domain';

/** A capital event (acquisition, stake, new line of business) that the investment-light rules judge. */
@Entity({ name: 'investment_events' })
@Unique('uq_investment_events_source', ['source', 'sourceRecordId'])
@Index('ix_investment_events_uscc', ['uscc', 'occurredOn'])
export class InvestmentEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The acting enterprise (acquirer, investor). */
  @Column({ type: 'char', length: 18 })
  uscc!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: InvestmentEventKind;

  @Column({ name: 'target_uscc', type: 'char', length: 18, nullable: true })
  targetUscc!: string | null;

  @Column({ name: 'target_name', type: 'text', nullable: true })
  targetName!: string | null;

  @Column({ name: 'target_industry_code', type: 'varchar', length: 5, nullable: true })
  targetIndustryCode!: string | null;

  /** Yuan, exact decimal. */
  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true })
  amount!: string | null;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn!: string;

  @Column({ type: 'varchar', length: 64 })
  source!: string;

  @Column({ name: 'source_record_id', type: 'varchar', length: 128 })
  sourceRecordId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: JsonObject;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One privileged read of an enterprise's data (migration AccessLog); append-only by trigger. */
@Entity({ name: 'access_log' })
export class AccessLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** The principal's subject (token `sub`). */
  @Column({ type: 'varchar', length: 128 })
  subject!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'varchar', length: 8 })
  method!: string;

  /** The route pattern: `/api/v1/enterprises/:uscc/assessment`. */
  @Column({ type: 'varchar', length: 256 })
  route!: string;

  /** The path as called, query included: `/api/v1/enterprises/9133…/assessment?asOf=2026-03-01`. */
  @Column({ type: 'varchar', length: 2048 })
  path!: string;

  /** What was read: enterprise, assessment, explanation… (the route's @PrivilegedRead). */
  @Column({ type: 'varchar', length: 32 })
  resource!: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  uscc!: string | null;

  @Column({ type: 'smallint' })
  status!: number;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;
}

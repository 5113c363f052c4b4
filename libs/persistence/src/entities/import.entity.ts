import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const IMPORT_STATUSES = ['receiving', 'queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A large ingestion body processed by the worker; counts and progress commit with each batch. */
@Entity({ name: 'imports' })
export class ImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  target!: 'enterprises' | 'records';

  @Column({ type: 'varchar', length: 8 })
  format!: 'json' | 'ndjson' | 'csv';

  @Column({ type: 'varchar', length: 12 })
  status!: ImportStatus;

  @Column({ type: 'boolean' })
  atomic!: boolean;

  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  /** The sources the import may write (its API key's); null = unrestricted. */
  @Column({ name: 'allowed_sources', type: 'text', array: true, nullable: true })
  allowedSources!: string[] | null;

  @Column({ name: 'allowed_regions', type: 'text', array: true, nullable: true })
  allowedRegions!: string[] | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;

  @Column({ name: 'received_bytes', type: 'bigint' })
  receivedBytes!: string;

  @Column({ name: 'bytes_done', type: 'bigint' })
  bytesDone!: string;

  @Column({ name: 'rows_done', type: 'integer' })
  rowsDone!: number;

  @Column({ type: 'integer' }) accepted!: number;
  @Column({ type: 'integer' }) updated!: number;
  @Column({ type: 'integer' }) unchanged!: number;
  @Column({ type: 'integer' }) rejected!: number;
  @Column({ type: 'integer' }) duplicates!: number;
  @Column({ type: 'integer' }) attempts!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

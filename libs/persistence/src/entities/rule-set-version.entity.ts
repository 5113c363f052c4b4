import type { JsonObject } from './json.types';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

import type { RuleSetKind, RuleSetStatus } from '@app/domain';

export { RULE_SET_KINDS, type RuleSetKind, RULE_SET_STATUSES, type RuleSetStatus } from '@app/domain';

/** One version of a rule set document; published versions are immutable (checksum). */
@Entity({ name: 'rule_set_versions' })
@Unique('uq_rule_set_versions_kind_version', ['kind', 'version'])
export class RuleSetVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: RuleSetKind;

  @Column({ type: 'varchar', length: 40 })
  version!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RuleSetStatus;

  @Column({ type: 'jsonb' })
  document!: JsonObject;

  /** sha-256 of the canonical document. */
  @Column({ type: 'char', length: 64 })
  checksum!: string;

  @Column({ type: 'varchar', length: 128 })
  author!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  approver!: string | null;

  /** Set when the version is published (scheduled); drafts have none. */
  @Column({ name: 'effective_from', type: 'timestamptz', nullable: true })
  effectiveFrom!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}

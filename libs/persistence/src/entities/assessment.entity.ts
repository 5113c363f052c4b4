import type { JsonObject, JsonValue } from './json.types';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ASSESSMENT_TRIGGERS = ['scheduled', 'record_change', 'rule_publication', 'manual'] as const;
export type AssessmentTrigger = (typeof ASSESSMENT_TRIGGERS)[number];

/** One tier decision. Append-only: a database trigger refuses UPDATE and DELETE. */
@Entity({ name: 'assessments' })
@Index('ix_assessments_uscc_as_of', ['uscc', 'asOf'])
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'char', length: 18 })
  uscc!: string;

  /** Null when the assessment failed (see failureReason): never a silent tier. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  tier!: string | null;

  @Column({ type: 'integer', nullable: true })
  score!: number | null;

  @Column({ name: 'rule_set_kind', type: 'varchar', length: 32 })
  ruleSetKind!: string;

  @Column({ name: 'rule_set_version', type: 'varchar', length: 32 })
  ruleSetVersion!: string;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  /** sha-256 of the canonical input facts. */
  @Column({ name: 'input_digest', type: 'char', length: 64 })
  inputDigest!: string;

  /** The facts the rules saw: the canonical JSON text `inputDigest` digests (json keeps it as written). */
  @Column({ type: 'json' })
  facts!: JsonObject;

  /** Fired score rules: rule, factor, points, reason, ids of the records behind the factor. */
  @Column({ type: 'json', default: () => "'[]'" })
  fired!: JsonValue[];

  /** Applied overrides: rule, factor, tier, mode, reason, record ids. */
  @Column({ type: 'json', default: () => "'[]'" })
  overrides!: JsonValue[];

  @Column({ type: 'varchar', length: 24 })
  trigger!: AssessmentTrigger;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  /** The next date on which one of the facts changes by itself (null: none without a new record). */
  @Column({ name: 'next_change_on', type: 'date', nullable: true })
  nextChangeOn!: string | null;

  /** What the assessment says, as a key: a run that would say the same confirms this one (migration ConfirmedAssessments). */
  @Column({ name: 'content_key', type: 'text', nullable: true })
  contentKey!: string | null;

  /** When the facts were read; the newest-known assessment is the current one. */
  @Column({ name: 'facts_known_at', type: 'timestamptz' })
  factsKnownAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

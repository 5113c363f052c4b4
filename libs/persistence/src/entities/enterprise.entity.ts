import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A registered market entity, keyed by its unified social credit code. */
@Entity({ name: 'enterprises' })
export class EnterpriseEntity {
  @PrimaryColumn({ type: 'char', length: 18 })
  uscc!: string;

  @Column({ type: 'text' })
  name!: string;

  /** 6-digit administrative division code. */
  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode!: string;

  /** GB/T 4754 industry code (section letter and/or up to 4 digits). */
  @Column({ name: 'industry_code', type: 'varchar', length: 5 })
  industryCode!: string;

  @Column({ name: 'established_on', type: 'date' })
  establishedOn!: string;

  /** Yuan, exact decimal (pg returns numeric as a string; it is never a float). */
  @Column({ name: 'registered_capital', type: 'numeric', precision: 20, scale: 2, nullable: true })
  registeredCapital!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  size!: 'micro' | 'small' | 'medium' | 'large' | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'is_platform', type: 'boolean', default: false })
  isPlatform!: boolean;

  @Column({ name: 'platform_monthly_users', type: 'bigint', nullable: true })
  platformMonthlyUsers!: string | null;

  @Column({ name: 'platform_valuation', type: 'numeric', precision: 20, scale: 2, nullable: true })
  platformValuation!: string | null;

  @Column({ name: 'new_business_form', type: 'boolean', default: false })
  newBusinessForm!: boolean;

  /** Current tier, kept in step with the latest assessment (null until first assessed). */
  @Column({ name: 'current_tier', type: 'varchar', length: 2, nullable: true })
  currentTier!: string | null;

  /** The tier before the current assessment (null before a second assessment); the summary's "change since previous". */
  @Column({ name: 'previous_tier', type: 'varchar', length: 2, nullable: true })
  previousTier!: string | null;

  @Column({ name: 'current_assessment_id', type: 'uuid', nullable: true })
  currentAssessmentId!: string | null;

  /** When the facts of the current assessment were read: an assessment from older facts never replaces it. */
  @Column({ name: 'current_facts_known_at', type: 'timestamptz', nullable: true })
  currentFactsKnownAt!: Date | null;

  /** The content key of the current assessment: a run that computes the same confirms it. */
  @Column({ name: 'current_content_key', type: 'text', nullable: true })
  currentContentKey!: string | null;

  /** The as-of date of the current assessment: a run confirms only one as of its own date or before. */
  @Column({ name: 'current_as_of', type: 'date', nullable: true })
  currentAsOf!: string | null;

  /**
   * The facts key of the current assessment (the digest of the facts' row it was evaluated from,
   * under its rule set and version): a run that reads the same row confirms it without evaluating.
   */
  @Column({ name: 'current_facts_key', type: 'text', nullable: true })
  currentFactsKey!: string | null;

  /** The current assessment's next change: the daily run re-tiers the enterprise on that date. */
  @Column({ name: 'next_tier_change_on', type: 'date', nullable: true })
  nextTierChangeOn!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

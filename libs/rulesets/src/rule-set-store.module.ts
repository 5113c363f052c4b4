import { Module } from '@nestjs/common';
import { RuleSetStore } from './rule-set.store';

/** The rule-set versions stored in PostgreSQL, as every feature that evaluates rules reads them. */
@Module({ providers: [RuleSetStore], exports: [RuleSetStore] })
export class RuleSetStoreModule {}

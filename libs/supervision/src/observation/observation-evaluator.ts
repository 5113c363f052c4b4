import { FactDeriver } from '@app/assessment';
import { DomainError, ErrorCode } from '@app/domain';
import { compileRules, isContextAttribute, type RuleEvaluator, type RuleSetDocument } from '@app/rules';
import { rulesDirectory, RuleSetStore } from '@app/rulesets';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newBusinessFormSqlParams, readNewBusinessForms } from '../new-business-forms/new-business-forms';
import {
  asObservationRuleSet,
  decideObservation,
  ObservationDecision,
  resolveObservationFacts,
} from './observation-eligibility';

/** An enterprise as the observation rules see it besides its records. */
export interface ObservationSubject {
  uscc: string;
  tier: string | undefined;
  newBusinessForm: boolean;
}

/**
 * Evaluates the observation rule set in force on a date for a few enterprises: derives their record
 * facts with one query, adds the context (tier, new-business-form status) and decides each. Shared by
 * the automatic entry/exit on assessment and the regulator's override (its warning).
 */
export class ObservationEvaluator {
  private readonly logger = new Logger(ObservationEvaluator.name);
  private readonly cache = new Map<string, { deriver: FactDeriver | null; evaluator: RuleEvaluator }>();
  readonly directory: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetStore,
    directory?: string,
  ) {
    this.directory = directory ?? rulesDirectory();
  }

  /** LIKE patterns and tags of rules/data/new-business-forms.json (re-read each time: a small file). */
  newBusinessFormParams(): { patterns: string[]; tags: string[] } {
    return newBusinessFormSqlParams(readNewBusinessForms(this.directory));
  }

  /** The observation rule set in force on `asOf`, or null when there is none. */
  async ruleSetOn(asOf: string): Promise<(RuleSetDocument & { outcome: { maxMonths: number } }) | null> {
    try {
      return asObservationRuleSet((await this.ruleSets.inForce('observation', asOf)).ruleSet);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) return null;
      throw error;
    }
  }

  async decide(
    ruleSet: RuleSetDocument,
    subjects: ObservationSubject[],
    asOf: string,
  ): Promise<Map<string, ObservationDecision>> {
    const { deriver, evaluator } = this.compiled(ruleSet);
    const usccs = subjects.map((c) => c.uscc);
    const rows = deriver
      ? await deriver.derive(this.dataSource, usccs, asOf)
      : usccs.map((uscc) => ({ uscc, facts: {} }));
    const byUscc = new Map(subjects.map((c) => [c.uscc, c]));
    const out = new Map<string, ObservationDecision>();
    for (const row of rows) {
      const subject = byUscc.get(row.uscc)!;
      const raw: Record<string, unknown> = { ...row.facts };
      for (const [name, d] of Object.entries(ruleSet.facts)) {
        if (d.from === 'assessment.tier') raw[name] = subject.tier;
        if (d.from === 'supervision.new_business_form') raw[name] = subject.newBusinessForm;
      }
      try {
        const facts = resolveObservationFacts(ruleSet, raw);
        out.set(row.uscc, decideObservation(ruleSet, facts, await evaluator.evaluate(facts)));
      } catch (error) {
        // An enterprise whose facts cannot be derived (no tier yet…) keeps its state; the others go on.
        this.logger.warn(`observation facts of ${row.uscc}: ${(error as Error).message}`);
      }
    }
    return out;
  }

  /** The record-fact deriver (none when every fact is context) and the compiled rules, per version. */
  private compiled(ruleSet: RuleSetDocument): { deriver: FactDeriver | null; evaluator: RuleEvaluator } {
    let entry = this.cache.get(ruleSet.version);
    if (!entry) {
      const derived = Object.fromEntries(
        Object.entries(ruleSet.facts).filter(([, d]) => d.from === undefined || !isContextAttribute(d.from)),
      );
      entry = {
        deriver: Object.keys(derived).length > 0 ? new FactDeriver(derived) : null,
        evaluator: compileRules(ruleSet.rules).evaluator,
      };
      this.cache.set(ruleSet.version, entry);
    }
    return entry;
  }
}

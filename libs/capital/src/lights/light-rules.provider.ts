import { shanghaiDateOf } from '@app/domain';
import { compileRules, RuleEvaluator, RuleSetDocument } from '@app/rules';
import { rulesDirectory, RuleSetStore } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { CapitalData, loadCapitalData } from '../data/capital-data.loader';

/**
 * What judging an event needs: the investment-light rule set in force today (through the rule-set
 * lifecycle: published versions only), compiled once per version, and the capital rule data.
 * A light is a current supervisory judgement, so the rule set is today's; the law applied to the
 * deal (the filing thresholds) is the one in force on the event's date.
 */
@Injectable()
export class LightRulesProvider {
  private data?: CapitalData;
  private readonly compiled = new Map<string, RuleEvaluator>();

  constructor(private readonly store: RuleSetStore) {}

  capitalData(): CapitalData {
    this.data ??= loadCapitalData(rulesDirectory());
    return this.data;
  }

  async inForce(now = new Date()): Promise<{ ruleSet: RuleSetDocument; evaluator: RuleEvaluator }> {
    const stored = await this.store.inForce('investment-light', shanghaiDateOf(now));
    let evaluator = this.compiled.get(stored.checksum);
    if (!evaluator) {
      evaluator = compileRules(stored.ruleSet.rules).evaluator;
      this.compiled.set(stored.checksum, evaluator);
    }
    return { ruleSet: stored.ruleSet, evaluator };
  }
}

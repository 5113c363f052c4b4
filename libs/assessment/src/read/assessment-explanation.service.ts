import { explainWhyNot } from '@app/rules';
import { RuleSetStore } from '@app/rulesets';
import { Injectable } from '@nestjs/common';
import { AssessmentView } from './assessment.view';

/** `?explain=full`: an assessment with why the other rules did not fire, and how far each tier is. */
@Injectable()
export class AssessmentExplanationService {
  constructor(private readonly ruleSets: RuleSetStore) {}

  /**
   * The rule-set version the assessment names, re-read on the facts it stored (as the rules saw
   * them) and with what it recorded as fired: nothing is derived or decided anew.
   */
  async withWhyNot(view: AssessmentView): Promise<AssessmentView> {
    const { ruleSet } = await this.ruleSets.version(view.ruleSetKind, view.ruleSetVersion);
    const whyNot = explainWhyNot(ruleSet, view.facts, {
      fired: view.fired as { rule: string }[],
      overrides: view.overrides as { rule: string }[],
      ...(view.score === null ? {} : { score: view.score }),
    });
    return { ...view, whyNot };
  }
}

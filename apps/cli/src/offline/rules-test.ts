import { runScenarios } from '@app/rules';
import { validRuleSetOf } from './rule-set-file';

export interface TestOptions {
  json?: boolean;
}

/**
 * `tierwatch rules test FILE`: runs the rule set's scenarios (its `tests`, or the kind's shipped
 * golden scenarios when it has none) offline; one line per scenario, exit code 1 on any failure.
 */
export function testRulesFile(file: string, options: TestOptions = {}): void {
  const ruleSet = validRuleSetOf(file);
  if (!ruleSet) return;
  const report = runScenarios(ruleSet);
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const whose = { document: 'its own', default: `the ${ruleSet.kind} defaults`, none: 'none' }[
      report.source
    ];
    console.log(`${file}: ${ruleSet.kind} ${ruleSet.version}, scenarios: ${whose}`);
    for (const r of report.results) {
      if (r.passed) console.log(`  pass  ${r.name}`);
      else console.log(`  FAIL  ${r.name}: ${r.message ?? 'failed'}`);
    }
    console.log(`${report.passed} passed, ${report.failed} failed, ${report.total} in all`);
  }
  if (report.source === 'none') console.error(`${file}: no scenarios to run (add "tests" to the document)`);
  if (report.failed > 0) process.exitCode = 1;
}

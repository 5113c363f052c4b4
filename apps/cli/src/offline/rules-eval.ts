import { DomainError } from '@app/domain';
import {
  asFrequencyRuleSet,
  asTriggersRuleSet,
  compileRules,
  evaluateFrequencyPolicy,
  evaluateRuleSet,
  evaluateTriggers,
  explainWhyNot,
  RuleEvaluator,
  RuleSetDocument,
} from '@app/rules';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliInputError, readText } from '../read-json';
import { validRuleSetOf } from './rule-set-file';

export interface EvalOptions {
  why?: boolean;
}

/** One line of `rules eval`'s output: the fact set's number (its line, or place in the array) and what it gave. */
export type EvalLine =
  | { item: number; ok: true; outcome: unknown; why?: unknown }
  | { item: number; ok: false; error: string; problems?: { path: string; message: string }[] };

/**
 * `tierwatch rules eval RULE-SET FACTS [--why]`: evaluates every fact set of FACTS (a JSON object, a
 * JSON array of objects, or NDJSON — a `.ndjson`/`.jsonl` file is read line by line) and prints one
 * JSON line per fact set, in order. Exit code 1 when the rule set is invalid or any fact set failed.
 */
export async function evalRulesFile(
  ruleSetFile: string,
  factsFile: string,
  options: EvalOptions = {},
): Promise<void> {
  const ruleSet = validRuleSetOf(ruleSetFile);
  if (!ruleSet) return;
  const { evaluator, unsupported } = compileRules(ruleSet.rules);
  if (unsupported.length > 0) console.error(`falling back to json-rules-engine: ${unsupported.join('; ')}`);
  let failed = false;
  for await (const { item, facts } of factSets(factsFile)) {
    const line = await evaluateOne(ruleSet, evaluator, item, facts, options);
    if (!line.ok) failed = true;
    // A large batch into a slow pipe: wait for it rather than buffer every line.
    if (!process.stdout.write(`${JSON.stringify(line)}\n`)) await once(process.stdout, 'drain');
  }
  if (failed) process.exitCode = 1;
}

export async function evaluateOne(
  ruleSet: RuleSetDocument,
  evaluator: RuleEvaluator,
  item: number,
  facts: unknown,
  options: EvalOptions = {},
): Promise<EvalLine> {
  if (facts instanceof CliInputError) return { item, ok: false, error: facts.message };
  if (facts === null || typeof facts !== 'object' || Array.isArray(facts))
    return { item, ok: false, error: 'a fact set must be a JSON object of fact name → value' };
  try {
    const outcome = await evaluate(ruleSet, facts as Record<string, unknown>, evaluator);
    if (!options.why) return { item, ok: true, outcome };
    // Tiering: the evaluation says what fired (rules and overrides) and the score; the other kinds
    // are re-read by the why-not explanation itself.
    const why = explainWhyNot(
      ruleSet,
      facts as Record<string, unknown>,
      ruleSet.kind === 'tiering'
        ? (outcome as { fired: { rule: string }[]; overrides: { rule: string }[]; score: number })
        : undefined,
    );
    return { item, ok: true, outcome, why };
  } catch (error) {
    if (error instanceof DomainError)
      return {
        item,
        ok: false,
        error: error.message,
        ...(error.details.length ? { problems: error.details } : {}),
      };
    if (error instanceof CliInputError) return { item, ok: false, error: error.message };
    throw error;
  }
}

/** A frequency rule set reads the tier from the fact declared `from: "assessment.tier"`. */
async function evaluate(
  ruleSet: RuleSetDocument,
  facts: Record<string, unknown>,
  evaluator: RuleEvaluator,
): Promise<unknown> {
  switch (ruleSet.kind) {
    case 'frequency': {
      const frequency = asFrequencyRuleSet(ruleSet);
      const name = Object.keys(frequency.facts).find((f) => frequency.facts[f].from === 'assessment.tier');
      const tier = name === undefined ? undefined : facts[name];
      if (typeof tier !== 'string')
        throw new CliInputError(`the fact set must give the tier as "${name ?? 'tier'}"`);
      return evaluateFrequencyPolicy(frequency, tier, facts, evaluator);
    }
    case 'triggers':
      return evaluateTriggers(asTriggersRuleSet(ruleSet), facts, evaluator);
    default: {
      // The canonical facts are the input again, as a string: left out of the line.
      const { inputFacts: _facts, ...outcome } = await evaluateRuleSet(ruleSet, facts, evaluator);
      return outcome;
    }
  }
}

/**
 * The fact sets of a file, numbered from 1: the lines of NDJSON (`.ndjson`, `.jsonl`, or text that
 * is not one JSON document), the elements of a JSON array, or one JSON object.
 */
export async function* factSets(file: string): AsyncGenerator<{ item: number; facts: unknown }> {
  if (/\.(ndjson|jsonl)$/i.test(file)) {
    yield* ndjsonLines(createInterface({ input: createReadStream(file), crlfDelay: Infinity }), file);
    return;
  }
  const text = readText(file, 'facts');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    yield* ndjsonLines(text.split('\n'), file);
    return;
  }
  const items = Array.isArray(document) ? document : [document];
  for (let i = 0; i < items.length; i++) yield { item: i + 1, facts: items[i] };
}

async function* ndjsonLines(
  lines: AsyncIterable<string> | Iterable<string>,
  file: string,
): AsyncGenerator<{ item: number; facts: unknown }> {
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      try {
        yield { item: n, facts: JSON.parse(line) };
      } catch (error) {
        yield { item: n, facts: new CliInputError(`line ${n} is not JSON: ${(error as Error).message}`) };
      }
    }
  } catch (error) {
    throw new CliInputError(`cannot read facts ${file}: ${(error as Error).message}`);
  }
}

import { DomainError, ErrorCode } from '@app/domain';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isRecord } from '../rule-set/json-guards.util';
import { RULE_SET_KINDS, type RuleSetKind, type Scenario } from '../rule-set/rule-set.types';

/**
 * The default scenarios of each kind: rules/scenarios/<kind>/*.json, one scenario per file (the
 * golden fixtures of the shipped rule sets), read at run time like the rest of the rules folder.
 * They test a document that carries no `tests` of its own.
 */

/** rules/scenarios above `start` (the repository, or /app in the image); undefined when there is none. */
export function scenariosDirectory(start = __dirname): string | undefined {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'rules', 'scenarios');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The kind's default scenarios in file-name order; a file that is not a scenario stops the read. */
export function defaultScenarios(
  kind: RuleSetKind,
  directory: string | undefined = scenariosDirectory(),
): Scenario[] {
  // The kind names a folder: only a known kind, never a path out of the scenarios directory.
  if (directory === undefined || !(RULE_SET_KINDS as readonly string[]).includes(kind)) return [];
  const folder = join(directory, kind);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const scenario: unknown = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      if (
        !isRecord(scenario) ||
        typeof scenario.name !== 'string' ||
        !isRecord(scenario.facts) ||
        !isRecord(scenario.expect)
      ) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `default scenario ${kind}/${file} needs a name, facts and expect`,
        );
      }
      return scenario as unknown as Scenario;
    });
}

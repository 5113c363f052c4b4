import { deadlineRulesInForce, DomainError, endOfShanghaiDay, ErrorCode, ErrorDetail } from '@app/domain';
import { readRuleData } from '@app/rules';
import { inForceOn, rulesDirectory } from '@app/rulesets';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rule data (rules/workload/<version>.json) that turns inspections into inspector-days. */
export interface WorkloadFile {
  version: string;
  effectiveFrom: string;
  periodWorkingDays: number;
}

/** The workload file in force, with the inspectors sent per visit by the deadline rules in force. */
export interface WorkloadRules extends WorkloadFile {
  /** rules/deadlines: inspectorsPerVisit.default (one number for plans, triggers and simulations). */
  inspectorsPerVisit: number;
}

const FIELDS = ['$schema', 'kind', 'version', 'effectiveFrom', 'description', 'capacityPeriod'];

/** Checks one workload file; every problem is named by its path. */
export function parseWorkloadRules(
  input: unknown,
  file = 'workload',
): { ok: true; rules: WorkloadFile } | { ok: false; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const at = (path: string, message: string) => problems.push({ path: `${file}: ${path}`, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: file, message: 'must be a JSON object' }] };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!FIELDS.includes(key)) at(key, 'is not a field of workload rule data');
  if (raw.kind !== 'workload') at('kind', 'must be "workload"');
  if (typeof raw.version !== 'string' || raw.version.length === 0)
    at('version', 'must be a non-empty string');
  if (
    typeof raw.effectiveFrom !== 'string' ||
    !/[+-]\d{2}:\d{2}$|Z$/.test(raw.effectiveFrom) ||
    Number.isNaN(Date.parse(raw.effectiveFrom))
  ) {
    at('effectiveFrom', 'must be an ISO-8601 instant with its zone');
  }
  const whole = (value: unknown, path: string, min: number) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      at(path, `must be a whole number ≥ ${min}`);
      return 0;
    }
    return value;
  };
  const sourced = (value: unknown, path: string) => {
    const v = value as Record<string, unknown> | undefined;
    if (typeof v !== 'object' || v === null || typeof v.source !== 'string' || v.source.trim() === '') {
      at(`${path}.source`, 'must name where the number comes from');
    }
    return v ?? {};
  };
  const days = whole(
    sourced(raw.capacityPeriod, 'capacityPeriod').workingDays,
    'capacityPeriod.workingDays',
    1,
  );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    rules: {
      version: raw.version as string,
      effectiveFrom: raw.effectiveFrom as string,
      periodWorkingDays: days,
    },
  };
}

/** The workload rule data in force on a date, read from rules/workload (a broken file stops it). */
export function workloadRulesInForce(asOf: string, directory = rulesDirectory()): WorkloadRules {
  const folder = join(directory, 'workload');
  const versions: WorkloadFile[] = [];
  for (const file of existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : []) {
    const parsed = parseWorkloadRules(
      JSON.parse(readFileSync(join(folder, file), 'utf8')),
      `rules/workload/${file}`,
    );
    if (!parsed.ok) {
      throw new DomainError(ErrorCode.InvalidConfig, `rules/workload/${file} is invalid`, parsed.problems);
    }
    versions.push(parsed.rules);
  }
  const found = inForceOn(versions, asOf);
  if (!found)
    throw new DomainError(ErrorCode.NotFound, `no workload rule data in force on ${asOf} (rules/workload)`);
  const deadlines = deadlineRulesInForce(readRuleData(directory).deadlines, endOfShanghaiDay(asOf));
  return { ...found, inspectorsPerVisit: deadlines.inspectorsPerVisit.default };
}

import {
  DeadlineRules,
  DomainError,
  ErrorCode,
  ErrorDetail,
  RegulatoryCalendar,
  sha256Hex,
  validateYearCalendar,
  YearCalendar,
} from '@app/domain';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEADLINES_SCHEMA, YEAR_CALENDAR_SCHEMA } from './rule-data.schema';

/**
 * Rule data that is not a rule set, read from the rules folder at run time so that a new year of
 * holidays or a new deadlines version takes effect without a release:
 *
 * - `calendars/<year>.json`: one year of the regulatory calendar (holidays, make-up workdays, source);
 * - `deadlines/<version>.json`: one version of the task deadlines, with its effectiveFrom.
 *
 * Every file is checked against its JSON Schema and then semantically (the calendar validator; the
 * file name must be the year or version it holds; no two deadline versions at the same instant). A
 * bad file is refused with every problem named, never half used.
 */

export interface RuleData {
  directory: string;
  calendar: RegulatoryCalendar;
  calendars: YearCalendar[];
  deadlines: DeadlineRules[];
  /** Changes whenever a data file is added, removed or modified (see ruleDataFingerprint). */
  fingerprint: string;
}

const FOLDERS = ['calendars', 'deadlines'] as const;

let calendarValidator: ValidateFunction | undefined;
let deadlinesValidator: ValidateFunction | undefined;

function compile(schema: object): ValidateFunction {
  return new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
}

function schemaProblems(validate: ValidateFunction, document: unknown, file: string): ErrorDetail[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const params = e.params as Record<string, unknown>;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String(params.additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`
          : '';
    return {
      path: `${file}${e.instancePath.replace(/\//g, '.')}`,
      message: `${e.message ?? 'invalid'}${extra}`,
    };
  });
}

function refuse(message: string, details: ErrorDetail[]): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, details);
}

/** One year of the calendar, checked; `file` names it in messages. */
export function parseYearCalendar(document: unknown, file = 'calendar'): YearCalendar {
  calendarValidator ??= compile(YEAR_CALENDAR_SCHEMA);
  const problems = schemaProblems(calendarValidator, document, file);
  if (problems.length > 0) refuse(`invalid calendar data ${file}`, problems);
  const { year, status, source, notes, holidays, makeUpWorkdays } = document as YearCalendar;
  const calendar: YearCalendar = {
    year,
    status,
    source,
    ...(notes !== undefined ? { notes } : {}),
    holidays,
    makeUpWorkdays,
  };
  try {
    validateYearCalendar(calendar);
  } catch (error) {
    refuse(`invalid calendar data ${file}`, [{ path: file, message: (error as Error).message }]);
  }
  return calendar;
}

/** One version of the deadlines, checked; `file` names it in messages. */
export function parseDeadlineRules(document: unknown, file = 'deadlines'): DeadlineRules {
  deadlinesValidator ??= compile(DEADLINES_SCHEMA);
  const problems = schemaProblems(deadlinesValidator, document, file);
  const doc = document as DeadlineRules;
  if (problems.length === 0 && Number.isNaN(Date.parse(doc.effectiveFrom))) {
    problems.push({ path: `${file}.effectiveFrom`, message: 'is not a valid instant' });
  }
  if (problems.length === 0 && doc.inspectorsPerVisit.default < doc.inspectorsPerVisit.minimum) {
    problems.push({
      path: `${file}.inspectorsPerVisit.default`,
      message: `must not be below the minimum (${doc.inspectorsPerVisit.minimum})`,
    });
  }
  if (problems.length > 0) refuse(`invalid deadline data ${file}`, problems);
  const { $schema: _schema, ...rules } = doc as DeadlineRules & { $schema?: string };
  return rules;
}

function dataFiles(directory: string): { folder: (typeof FOLDERS)[number]; name: string; path: string }[] {
  return FOLDERS.flatMap((folder) => {
    const dir = join(directory, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => ({ folder, name, path: join(dir, name) }));
  });
}

/**
 * A cheap digest of what the data files are (names, sizes, modification times): equal as long as
 * no file was added, removed or changed, so a long-running process can poll it and reload.
 */
export function ruleDataFingerprint(directory: string): string {
  const lines = dataFiles(directory).map((f) => {
    const stat = statSync(f.path);
    return `${f.folder}/${f.name} ${stat.size} ${stat.mtimeMs}`;
  });
  return sha256Hex(lines.join('\n'));
}

function readJson(path: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return refuse(`cannot read rule data ${file}`, [{ path: file, message: (error as Error).message }]);
  }
}

/** Reads and checks every calendar year and deadlines version under `directory` (the rules folder). */
export function readRuleData(directory: string): RuleData {
  const fingerprint = ruleDataFingerprint(directory);
  const calendars: YearCalendar[] = [];
  const deadlines: DeadlineRules[] = [];
  const problems: ErrorDetail[] = [];
  const files = dataFiles(directory);
  for (const f of files) {
    const file = `rules/${f.folder}/${f.name}`;
    try {
      const document = readJson(f.path, file);
      if (f.folder === 'calendars') {
        const year = parseYearCalendar(document, file);
        if (f.name !== `${year.year}.json`) {
          problems.push({ path: file, message: `holds year ${year.year}: name it ${year.year}.json` });
        }
        calendars.push(year);
      } else {
        const rules = parseDeadlineRules(document, file);
        if (f.name !== `${rules.version}.json`) {
          problems.push({
            path: file,
            message: `holds version ${rules.version}: name it ${rules.version}.json`,
          });
        }
        const twin = deadlines.find((d) => Date.parse(d.effectiveFrom) === Date.parse(rules.effectiveFrom));
        if (twin) {
          problems.push({
            path: file,
            message: `takes effect at the same instant as version ${twin.version}: which one applies would be ambiguous`,
          });
        }
        deadlines.push(rules);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push(...error.details);
    }
  }
  for (const folder of FOLDERS) {
    if (!files.some((f) => f.folder === folder))
      problems.push({ path: `rules/${folder}`, message: `no ${folder} data file (*.json) found` });
  }
  if (problems.length > 0) refuse(`invalid rule data in ${directory}`, problems);
  return { directory, calendar: new RegulatoryCalendar(calendars), calendars, deadlines, fingerprint };
}

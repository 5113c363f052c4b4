import { DomainError, ErrorCode } from '@app/domain';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MergerThresholds } from '../domain/merger-check';
import type { NegativeList } from '../domain/negative-list';
import type { PlatformGradeThresholds } from '../domain/platform-grade';

/**
 * The capital rule data in rules/data: the dated merger filing thresholds and the market-access
 * negative list. Checked against a schema when read; a bad file is refused with its problems, never
 * half used.
 */

export interface CapitalData {
  thresholds: MergerThresholds[];
  negativeList: NegativeList;
  platformGrades: PlatformGradeThresholds[];
}

export const NEGATIVE_LIST_FILE = 'market-access-negative-list-2025.json';
export const MERGER_THRESHOLDS_FILE = 'merger-thresholds.json';
export const PLATFORM_GRADES_FILE = 'platform-grades.json';

const decimal = { type: 'string', pattern: '^\\d{1,18}\\.\\d{2}$' };
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const text = { type: 'string', minLength: 1 };

const THRESHOLDS_SCHEMA = {
  type: 'object',
  required: ['versions'],
  properties: {
    description: text,
    versions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'version',
          'effectiveFrom',
          'instrument',
          'combinedGlobal',
          'combinedChina',
          'eachOfTwoChina',
        ],
        properties: {
          version: text,
          effectiveFrom: date,
          instrument: text,
          article: text,
          combinedGlobal: decimal,
          combinedChina: decimal,
          eachOfTwoChina: decimal,
        },
      },
    },
  },
};

const NEGATIVE_LIST_SCHEMA = {
  type: 'object',
  required: ['edition', 'title', 'source', 'items'],
  properties: {
    edition: text,
    title: text,
    issuers: { type: 'array', items: text },
    publishedOn: date,
    source: text,
    completeness: text,
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['item', 'title', 'category', 'industryCodes'],
        properties: {
          item: text,
          title: text,
          category: { enum: ['prohibited', 'permit'] },
          industryCodes: { type: 'array', items: { type: 'string', pattern: '^([A-T]|[A-T]?\\d{2,4})$' } },
          financeTerms: { type: 'array', items: text },
          note: text,
        },
      },
    },
  },
};

const count = { type: 'string', pattern: '^\\d{1,15}$' };
const PLATFORM_GRADES_SCHEMA = {
  type: 'object',
  required: ['source', 'versions'],
  properties: {
    description: text,
    source: text,
    versions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'effectiveFrom', 'super', 'large', 'riskAssessmentEvery'],
        properties: {
          version: text,
          effectiveFrom: date,
          super: {
            type: 'object',
            additionalProperties: false,
            required: ['minActiveUsers', 'minCoreBusinesses', 'minMarketValue'],
            properties: {
              minActiveUsers: count,
              minCoreBusinesses: { type: 'integer', minimum: 1 },
              minMarketValue: decimal,
            },
          },
          large: {
            type: 'object',
            additionalProperties: false,
            required: ['minActiveUsers', 'minMarketValue'],
            properties: { minActiveUsers: count, minMarketValue: decimal },
          },
          riskAssessmentEvery: { type: 'string', pattern: '^P\\d+[YMWD]$' },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validThresholds = ajv.compile(THRESHOLDS_SCHEMA);
const validList = ajv.compile(NEGATIVE_LIST_SCHEMA);
const validGrades = ajv.compile(PLATFORM_GRADES_SCHEMA);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new DomainError(ErrorCode.ValidationFailed, `cannot read ${file}: ${(error as Error).message}`);
  }
}

function refuse(file: string, errors: typeof validList.errors): never {
  throw new DomainError(
    ErrorCode.ValidationFailed,
    `rule data ${file} is invalid`,
    (errors ?? []).map((e) => ({
      path: `${file}${e.instancePath.replace(/\//g, '.')}`,
      message: e.message ?? 'invalid',
    })),
  );
}

export function parseNegativeList(document: unknown, file = NEGATIVE_LIST_FILE): NegativeList {
  if (!validList(document)) refuse(file, validList.errors);
  const list = document as unknown as NegativeList;
  const seen = new Set<string>();
  for (const item of list.items) {
    if (seen.has(item.item))
      throw new DomainError(ErrorCode.ValidationFailed, `${file}: item ${item.item} appears twice`);
    seen.add(item.item);
  }
  return list;
}

export function parseMergerThresholds(document: unknown, file = MERGER_THRESHOLDS_FILE): MergerThresholds[] {
  if (!validThresholds(document)) refuse(file, validThresholds.errors);
  const versions = (document as { versions: MergerThresholds[] }).versions;
  const dates = new Set<string>();
  for (const v of versions) {
    if (dates.has(v.effectiveFrom))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${file}: two versions in force from ${v.effectiveFrom}`,
      );
    dates.add(v.effectiveFrom);
  }
  return [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

export function parsePlatformGrades(
  document: unknown,
  file = PLATFORM_GRADES_FILE,
): PlatformGradeThresholds[] {
  if (!validGrades(document)) refuse(file, validGrades.errors);
  const versions = (document as { versions: PlatformGradeThresholds[] }).versions;
  return [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

/** Reads the capital rule data files from `<rules>/data`. */
export function loadCapitalData(rulesDirectory: string): CapitalData {
  const dir = join(rulesDirectory, 'data');
  return {
    thresholds: parseMergerThresholds(readJson(join(dir, MERGER_THRESHOLDS_FILE))),
    negativeList: parseNegativeList(readJson(join(dir, NEGATIVE_LIST_FILE))),
    platformGrades: parsePlatformGrades(readJson(join(dir, PLATFORM_GRADES_FILE))),
  };
}

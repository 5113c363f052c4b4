import { DomainError, ErrorCode } from '@app/domain';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which enterprises are new business forms (新产业新业态新商业模式, DOMAIN.md §4): rule data in
 * rules/data/new-business-forms.json mapping GB/T 4754 industry-code prefixes and tags to the
 * categories of the 2018 statistical classification, with its source. An enterprise is one when its
 * `new_business_form` flag is set (at registration, or by a regulator re-sending the enterprise with
 * `newBusinessForm: true`), or its industry code or a tag maps to a category.
 */

export interface NewBusinessFormData {
  effectiveFrom: string;
  source: { title: string; issuer: string; year: number; notes?: string };
  categories: { code: string; name: string }[];
  industryCodes: { prefix: string; category: string; note?: string }[];
  tags: { tag: string; category: string | null; note?: string }[];
}

const SCHEMA = {
  type: 'object',
  required: ['effectiveFrom', 'source', 'categories', 'industryCodes', 'tags'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    effectiveFrom: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}$',
    },
    source: {
      type: 'object',
      required: ['title', 'issuer', 'year'],
      additionalProperties: false,
      properties: {
        title: { type: 'string', minLength: 1 },
        issuer: { type: 'string', minLength: 1 },
        year: { type: 'integer' },
        notes: { type: 'string' },
      },
    },
    categories: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name'],
        additionalProperties: false,
        properties: { code: { type: 'string', pattern: '^\\d{2}$' }, name: { type: 'string', minLength: 1 } },
      },
    },
    industryCodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['prefix', 'category'],
        additionalProperties: false,
        properties: {
          prefix: { type: 'string', pattern: '^[A-T][0-9]{0,4}$' },
          category: { type: 'string' },
          note: { type: 'string' },
        },
      },
    },
    tags: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tag', 'category'],
        additionalProperties: false,
        properties: {
          tag: { type: 'string', minLength: 1 },
          category: { type: ['string', 'null'] },
          note: { type: 'string' },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile<NewBusinessFormData>(SCHEMA);

/** Parses and checks the data: the schema, and every category named exists. */
export function parseNewBusinessForms(raw: unknown, file = 'new-business-forms.json'): NewBusinessFormData {
  if (!validate(raw)) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `${file} is invalid`,
      (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? e.keyword })),
    );
  }
  const data = raw;
  const known = new Set(data.categories.map((c) => c.code));
  const problems = [
    ...data.industryCodes.flatMap((m, i) =>
      known.has(m.category)
        ? []
        : [{ path: `industryCodes[${i}].category`, message: `unknown category ${m.category}` }],
    ),
    ...data.tags.flatMap((m, i) =>
      m.category === null || known.has(m.category)
        ? []
        : [{ path: `tags[${i}].category`, message: `unknown category ${m.category}` }],
    ),
  ];
  if (problems.length > 0) throw new DomainError(ErrorCode.ValidationFailed, `${file} is invalid`, problems);
  return data;
}

export function readNewBusinessForms(rulesDirectory: string): NewBusinessFormData {
  const file = join(rulesDirectory, 'data', 'new-business-forms.json');
  return parseNewBusinessForms(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

export interface NewBusinessFormMatch {
  newBusinessForm: boolean;
  /** Why: the flag, and each mapping entry that matched, with its category. */
  because: string[];
}

/** Whether one enterprise is a new business form, and why (the SQL in the hook applies the same lists). */
export function matchNewBusinessForm(
  data: NewBusinessFormData,
  enterprise: { flagged: boolean; industryCode: string; tags: readonly string[] },
): NewBusinessFormMatch {
  const name = new Map(data.categories.map((c) => [c.code, c.name]));
  const because: string[] = [];
  if (enterprise.flagged) because.push('flagged new_business_form');
  for (const m of data.industryCodes) {
    if (enterprise.industryCode.startsWith(m.prefix))
      because.push(`industry ${m.prefix} → ${m.category} ${name.get(m.category)}`);
  }
  for (const m of data.tags) {
    if (enterprise.tags.includes(m.tag))
      because.push(`tag ${m.tag}${m.category ? ` → ${m.category} ${name.get(m.category)}` : ''}`);
  }
  return { newBusinessForm: because.length > 0, because };
}

/** The lists as SQL parameters: LIKE patterns for industry codes, and tags. */
export function newBusinessFormSqlParams(data: NewBusinessFormData): { patterns: string[]; tags: string[] } {
  return { patterns: data.industryCodes.map((m) => `${m.prefix}%`), tags: data.tags.map((m) => m.tag) };
}

import {
  AGGREGATES,
  CONTEXT_ATTRIBUTES,
  CREDIT_RECORD_TYPES,
  ENTERPRISE_ATTRIBUTES,
  FACT_NAME_PATTERN_SOURCE,
  FACT_TYPES,
  FIELD_PATTERN_SOURCE,
  RESERVED_NAMES,
  RECORD_TYPES,
  RISK_RECORD_TYPES,
  WHERE_FIELD_PATTERN_SOURCE,
} from './fact-catalog.const';
import { ISO_DURATION_PATTERN_SOURCE } from './iso-duration.util';
import { OPERATOR_PATTERN } from './rule-operator.const';
import { RULE_SET_KINDS, TRIGGER_PRIORITIES } from './rule-set.types';
import { TRIGGER_CODE_PATTERN_SOURCE } from './triggers-outcome.check';

/**
 * The JSON Schema of a rule set: the one source of truth. rules/schema/rule-set.schema.json is
 * generated from it (rule-set.schema.spec.ts fails when the two differ and rewrites the file with
 * UPDATE_RULE_SET_SCHEMA=1), so editors and the validator see the same schema, and the closed lists
 * come from the same constants the semantic checks use.
 *
 * Draft-07 because it is what ajv's default export speaks. Conditions branch with if/then/else
 * rather than oneOf: ajv then reports the errors of the branch that applies, not of every branch.
 * What a schema cannot say well (undeclared facts, value types, tier order…) the validator checks.
 */

export const RULE_SET_SCHEMA_ID = 'https://tierwatch.local/schemas/rule-set.schema.json';

const aggregateProperties = {
  recordType: {
    title: 'Record type',
    description: `Credit records: ${CREDIT_RECORD_TYPES.join(', ')}. Risk records: ${RISK_RECORD_TYPES.join(', ')}.`,
    enum: [...RECORD_TYPES],
  },
  where: {
    title: 'Filter',
    description:
      'Field → value (equal), null (IS NULL; also a missing payload key) or array (IN). Fields: severity or payload.<name>. Every entry must hold.',
    type: 'object',
    propertyNames: { pattern: WHERE_FIELD_PATTERN_SOURCE },
    additionalProperties: {
      type: ['string', 'number', 'boolean', 'null', 'array'],
      items: { type: ['string', 'number', 'boolean'] },
      minItems: 1,
    },
  },
  window: {
    title: 'Window',
    description:
      'ISO-8601 duration in years, months, weeks or days (P3Y, P6M, P30D) counted back from the as-of date. Omit for all time.',
    type: 'string',
    pattern: ISO_DURATION_PATTERN_SOURCE,
  },
  excludeRepaired: {
    title: 'Exclude repaired',
    description: 'Credit records only: leave out records repaired on or before the as-of date.',
    type: 'boolean',
  },
} as const;

/** Kinds whose outcome semantics are not built yet: their scenarios expect the rules that fire. */
const KINDS_WITHOUT_OUTCOME = RULE_SET_KINDS.filter(
  (kind) => kind !== 'tiering' && kind !== 'frequency' && kind !== 'triggers',
);

/** `tests`, each scenario's `expect` being the kind's expectation. */
function expectationOf(definition: string) {
  return {
    type: 'array',
    items: { type: 'object', properties: { expect: { $ref: `#/definitions/${definition}` } } },
  } as const;
}

const firedRules = {
  title: 'Rules that fire',
  description: 'Names of every rule that fires, in any order.',
  type: 'array',
  items: { type: 'string' },
} as const;

/** Names a fact or payload key may not take: JavaScript object machinery, lost or misread as data. */
const NOT_RESERVED = { not: { enum: [...RESERVED_NAMES] } } as const;

export const RULE_SET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: RULE_SET_SCHEMA_ID,
  title: 'tierwatch rule set',
  description:
    'A versioned rule set: declared facts, plain json-rules-engine rules and a kind-specific outcome (tiering: score to tier; frequency: ratio bands and caps; triggers: dedup window).',
  type: 'object',
  required: ['kind', 'version', 'effectiveFrom', 'facts', 'rules'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Pointer to this schema, for editors.' },
    kind: { title: 'Kind', enum: [...RULE_SET_KINDS] },
    version: {
      title: 'Version',
      description: 'e.g. 2026.1; unique within the kind.',
      type: 'string',
      pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$',
    },
    effectiveFrom: {
      title: 'Effective from',
      description: 'ISO-8601 instant with an offset, e.g. 2026-01-01T00:00:00+08:00.',
      type: 'string',
      pattern:
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})$',
    },
    description: { title: 'Description', type: 'string' },
    facts: {
      title: 'Facts',
      description: 'Every fact a rule may use, with its type and derivation.',
      type: 'object',
      propertyNames: { pattern: FACT_NAME_PATTERN_SOURCE, ...NOT_RESERVED },
      additionalProperties: { $ref: '#/definitions/factDeclaration' },
    },
    rules: {
      title: 'Rules',
      type: 'array',
      items: { $ref: '#/definitions/rule' },
    },
    outcome: { title: 'Outcome', type: 'object' },
    tests: {
      title: 'Scenario tests',
      description:
        'Facts and the outcome expected; run on every create and edit. Without tests the kind’s default scenarios (rules/scenarios/<kind>/) apply.',
      type: 'array',
      items: { $ref: '#/definitions/scenario' },
    },
  },
  allOf: [
    ...(
      [
        ['tiering', 'tieringOutcome', 'tieringExpectation'],
        ['frequency', 'frequencyOutcome', 'frequencyExpectation'],
        ['triggers', 'triggersOutcome', 'triggersExpectation'],
      ] as const
    ).map(([kind, outcome, expectation]) => ({
      if: { required: ['kind'], properties: { kind: { const: kind } } },
      then: {
        required: ['outcome'],
        properties: { outcome: { $ref: `#/definitions/${outcome}` }, tests: expectationOf(expectation) },
      },
    })),
    {
      if: { required: ['kind'], properties: { kind: { enum: KINDS_WITHOUT_OUTCOME } } },
      then: { properties: { tests: expectationOf('firedRulesExpectation') } },
    },
  ],
  definitions: {
    factDeclaration: {
      title: 'Fact declaration',
      description: `A type and exactly one derivation: from, ${AGGREGATES.join(', ')}.`,
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: {
        type: {
          title: 'Type',
          description: 'Dates reach rules as whole days since 1970-01-01 (compare them with numbers).',
          enum: [...FACT_TYPES],
        },
        default: {
          title: 'Default',
          description:
            'Used when the fact cannot be derived; of the fact type (a date as YYYY-MM-DD). Without one the assessment fails with a reason.',
        },
        description: { type: 'string' },
        from: {
          title: 'Enterprise attribute',
          description: `Supervision context (${Object.keys(CONTEXT_ATTRIBUTES).join(', ')}) only in the kinds that are given it: ${Object.entries(
            CONTEXT_ATTRIBUTES,
          )
            .map(([name, c]) => `${name} in ${c.kinds.join(', ')}`)
            .join('; ')}.`,
          enum: [...Object.keys(ENTERPRISE_ATTRIBUTES), ...Object.keys(CONTEXT_ATTRIBUTES)],
        },
        count: { title: 'Count of records', $ref: '#/definitions/aggregate' },
        exists: { title: 'Whether any record matches', $ref: '#/definitions/aggregate' },
        sum: { title: 'Sum of a field', $ref: '#/definitions/fieldAggregate' },
        max: { title: 'Largest value of a field', $ref: '#/definitions/fieldAggregate' },
        latest: { title: 'Field of the newest record', $ref: '#/definitions/fieldAggregate' },
      },
      oneOf: ['from', ...AGGREGATES].map((name) => ({ required: [name] })),
    },
    aggregate: {
      type: 'object',
      required: ['recordType'],
      additionalProperties: false,
      properties: aggregateProperties,
    },
    fieldAggregate: {
      type: 'object',
      required: ['recordType', 'field'],
      additionalProperties: false,
      properties: {
        ...aggregateProperties,
        field: {
          title: 'Field',
          description: 'payload.<name>, occurred_on (a date) or severity (latest only).',
          type: 'string',
          pattern: FIELD_PATTERN_SOURCE,
        },
      },
    },
    rule: {
      title: 'Rule (json-rules-engine)',
      type: 'object',
      required: ['name', 'conditions', 'event'],
      additionalProperties: false,
      properties: {
        name: {
          title: 'Name',
          description: 'Unique in the rule set; explanations cite it.',
          type: 'string',
          minLength: 1,
        },
        description: {
          title: 'Description',
          description: 'Why the rule is as it is, for authors; json-rules-engine ignores it.',
          type: 'string',
        },
        priority: { title: 'Priority', description: 'Higher runs first.', type: 'integer', minimum: 1 },
        basis: { $ref: '#/definitions/legalBasis' },
        explanation: {
          title: 'Plain-language explanation',
          description:
            'What the rule means for the enterprise, said plainly in Chinese and English (self-service shows it instead of the reason).',
          type: 'object',
          required: ['zh', 'en'],
          additionalProperties: false,
          properties: {
            zh: { type: 'string', minLength: 1 },
            en: { type: 'string', minLength: 1 },
          },
        },
        internal: {
          title: 'Internal',
          description: 'Its points (weights) are hidden from the enterprise; the explanation is still shown.',
          type: 'boolean',
        },
        conditions: { $ref: '#/definitions/topLevelCondition' },
        event: { $ref: '#/definitions/event' },
      },
    },
    legalBasis: {
      title: 'Legal basis',
      description: 'The provision the rule applies; explanations carry it through.',
      type: 'object',
      required: ['title', 'article'],
      additionalProperties: false,
      properties: {
        title: { title: 'Instrument', type: 'string', minLength: 1 },
        article: { title: 'Article', type: 'string', minLength: 1 },
        url: { title: 'Link', description: 'https only.', type: 'string', pattern: '^https://[^\\s]+$' },
      },
    },
    scenario: {
      title: 'Scenario test',
      type: 'object',
      required: ['name', 'facts', 'expect'],
      additionalProperties: false,
      properties: {
        name: { title: 'Name', description: 'Unique among the tests.', type: 'string', minLength: 1 },
        description: { type: 'string' },
        asOf: {
          title: 'As of',
          description: 'The date the facts describe (YYYY-MM-DD).',
          type: 'string',
          pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
        },
        since: {
          title: 'Since version',
          description:
            'The first version the scenario holds for: a default scenario (rules/scenarios/<kind>/) is skipped for a document whose version sorts before it (numeric-aware); a document’s own tests all run.',
          type: 'string',
          minLength: 1,
        },
        facts: {
          title: 'Facts',
          description: 'Declared facts as the derivation gives them; a missing one takes its default.',
          type: 'object',
          propertyNames: { pattern: FACT_NAME_PATTERN_SOURCE, ...NOT_RESERVED },
        },
        expect: { title: 'Expected outcome', type: 'object' },
      },
    },
    tieringExpectation: {
      title: 'Expected tiering outcome',
      type: 'object',
      required: ['tier'],
      additionalProperties: false,
      properties: {
        tier: { type: 'string', minLength: 1 },
        score: { type: 'integer' },
        overridden: { type: 'boolean' },
        firedRules,
      },
    },
    frequencyExpectation: {
      title: 'Expected frequency policy',
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        ratio: { type: 'number' },
        visitsPerYear: { type: 'number' },
        minIntervalDays: { type: 'integer' },
        excludedFromRandomDraw: { type: 'boolean' },
        firedRules,
      },
    },
    triggersExpectation: {
      title: 'Expected triggers',
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        triggers: {
          title: 'Reason codes',
          description: 'Codes of the triggers that fire, in any order; [] when none does.',
          type: 'array',
          items: { type: 'string' },
        },
        firedRules,
      },
    },
    firedRulesExpectation: {
      title: 'Expected rules',
      type: 'object',
      required: ['firedRules'],
      additionalProperties: false,
      properties: { firedRules },
    },
    event: {
      title: 'Event',
      description:
        'Tiering: score (points) or override (tier, mode set|cap). Frequency: frequency (tier, ratio, visitsPerYear, minIntervalDays) or exclude. Triggers: trigger (code, priority, dedupWindow). Every event has a factor and a reason.',
      type: 'object',
      required: ['type', 'params'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', minLength: 1 },
        params: {
          type: 'object',
          required: ['factor', 'reason'],
          properties: {
            factor: {
              title: 'Factor',
              description: 'What the event is about, usually the fact name.',
              type: 'string',
              minLength: 1,
            },
            reason: {
              title: 'Reason',
              description: 'Human explanation (Chinese welcome).',
              type: 'string',
              minLength: 1,
            },
            points: { title: 'Points (score)', type: 'integer' },
            tier: { title: 'Tier (override, frequency)', type: 'string' },
            mode: { title: 'Mode (override)', enum: ['set', 'cap'] },
            // Kind-specific parameters: described for editors; their constraints are the kind's
            // semantic checks (frequency-outcome.check.ts, triggers-outcome.check.ts), so that one
            // kind's meaning of a name never constrains another kind's events.
            ratio: {
              title: 'Ratio (frequency)',
              description:
                'Share of the tier drawn per year for general items; above 0, at most 1, 4 decimals.',
              type: 'number',
            },
            visitsPerYear: {
              title: 'Visits a year (frequency)',
              description: 'Target random inspections per enterprise per year; 0.5 = once every two years.',
              type: 'number',
            },
            minIntervalDays: {
              title: 'Minimum interval (frequency)',
              description: 'Least whole days between two random inspections of one enterprise.',
              type: 'integer',
            },
            code: {
              title: 'Reason code (trigger)',
              description: `Stable, ${TRIGGER_CODE_PATTERN_SOURCE}; triggered tasks are deduplicated per enterprise and code.`,
              type: 'string',
            },
            priority: {
              title: 'Priority (trigger)',
              description: `One of ${TRIGGER_PRIORITIES.join(', ')}.`,
            },
            dedupWindow: {
              title: 'Dedup window (trigger)',
              description: 'ISO-8601 duration (P30D); defaults to the outcome’s defaultDedupWindow.',
              type: 'string',
            },
          },
        },
      },
    },
    topLevelCondition: {
      description: 'The root of a rule’s conditions: exactly one of all, any or not.',
      type: 'object',
      if: { required: ['all'] },
      then: { $ref: '#/definitions/allCondition' },
      else: {
        if: { required: ['any'] },
        then: { $ref: '#/definitions/anyCondition' },
        else: { if: { required: ['not'] }, then: { $ref: '#/definitions/notCondition' }, else: false },
      },
    },
    condition: {
      type: 'object',
      if: { required: ['all'] },
      then: { $ref: '#/definitions/allCondition' },
      else: {
        if: { required: ['any'] },
        then: { $ref: '#/definitions/anyCondition' },
        else: {
          if: { required: ['not'] },
          then: { $ref: '#/definitions/notCondition' },
          // A reference to a named condition needs engine.setCondition, which a rule set cannot do.
          else: {
            if: { required: ['condition'] },
            then: false,
            else: { $ref: '#/definitions/factCondition' },
          },
        },
      },
    },
    allCondition: {
      type: 'object',
      required: ['all'],
      additionalProperties: false,
      properties: {
        all: { type: 'array', items: { $ref: '#/definitions/condition' } },
        name: { type: 'string' },
        priority: { type: 'integer', minimum: 1 },
      },
    },
    anyCondition: {
      type: 'object',
      required: ['any'],
      additionalProperties: false,
      properties: {
        any: { type: 'array', items: { $ref: '#/definitions/condition' } },
        name: { type: 'string' },
        priority: { type: 'integer', minimum: 1 },
      },
    },
    notCondition: {
      type: 'object',
      required: ['not'],
      additionalProperties: false,
      properties: {
        not: { $ref: '#/definitions/condition' },
        name: { type: 'string' },
        priority: { type: 'integer', minimum: 1 },
      },
    },
    factCondition: {
      type: 'object',
      required: ['fact', 'operator', 'value'],
      additionalProperties: false,
      properties: {
        fact: { title: 'Fact', description: 'A fact declared in facts.', type: 'string', minLength: 1 },
        operator: {
          title: 'Operator',
          description: 'A json-rules-engine built-in, optionally decorated (not:in, someFact:equal).',
          type: 'string',
          pattern: OPERATOR_PATTERN,
        },
        value: {
          title: 'Value',
          description:
            'A literal of the fact’s type, an array for in/notIn, or { "fact": … } to compare two facts.',
        },
        path: { title: 'JSONPath into the fact', type: 'string' },
        params: { type: 'object' },
        name: { type: 'string' },
        priority: { type: 'integer', minimum: 1 },
      },
    },
    frequencyOutcome: {
      title: 'Frequency outcome',
      description:
        'What is not per rule: the published ratio band of each tier (best first), key items uncapped, the annual cap per enterprise per authority and the no-repeat window after a higher-level check.',
      type: 'object',
      required: ['bands', 'keyItemsUncapped', 'annualCapPerAuthority', 'noRepeatAfterHigherLevelCheck'],
      additionalProperties: false,
      properties: {
        bands: {
          title: 'Ratio bands',
          description: 'One per tier, best first; every rule’s ratio for the tier must fall in its band.',
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['tier', 'minRatio', 'maxRatio'],
            additionalProperties: false,
            properties: {
              tier: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,16}$' },
              minRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
              maxRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
            },
          },
        },
        keyItemsUncapped: {
          title: 'Key items uncapped',
          description: 'Key items (safety, quality, public interest) are not capped by the ratios.',
          type: 'boolean',
        },
        annualCapPerAuthority: {
          title: 'Annual cap per enterprise per authority',
          description:
            'Published cap of inspections a year (国办发〔2024〕54号); triggered inspections alert, never wait.',
          type: 'integer',
          minimum: 1,
        },
        annualCapBasis: { $ref: '#/definitions/legalBasis' },
        noRepeatAfterHigherLevelCheck: {
          title: 'No repeat after a higher-level check',
          description: 'ISO-8601 duration (P3M) during which the same items are not inspected again.',
          type: 'string',
          pattern: ISO_DURATION_PATTERN_SOURCE,
        },
      },
    },
    triggersOutcome: {
      title: 'Triggers outcome',
      type: 'object',
      required: ['defaultDedupWindow'],
      additionalProperties: false,
      properties: {
        defaultDedupWindow: {
          title: 'Default dedup window',
          description: 'ISO-8601 duration (P30D) for trigger events without their own.',
          type: 'string',
          pattern: ISO_DURATION_PATTERN_SOURCE,
        },
      },
    },
    tieringOutcome: {
      title: 'Tiering outcome',
      description: 'score = base + points of the fired score events; the first tier whose min ≤ score.',
      type: 'object',
      required: ['base', 'tiers'],
      additionalProperties: false,
      properties: {
        base: { title: 'Base score', type: 'integer' },
        tiers: {
          title: 'Tiers',
          description:
            'Best first, mins strictly descending; the last tier has min null and catches every lower score.',
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['tier', 'min'],
            additionalProperties: false,
            properties: {
              tier: { type: 'string', minLength: 1 },
              min: { type: ['integer', 'null'] },
            },
          },
        },
      },
    },
  },
} as const;

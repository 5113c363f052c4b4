/**
 * JSON Schema (draft-07) of an exported plan, for third parties' tools; docs/exported-plan.schema.json
 * is generated from it (plan-export.schema.spec.ts checks the file and rewrites it with
 * UPDATE_PLAN_SCHEMA=1). The shape only: verifyPlan is what checks the content.
 */
export const EXPORTED_PLAN_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://tierwatch.local/schemas/exported-plan.schema.json',
  title: 'tierwatch exported inspection plan (tierwatch-plan/2, and the older tierwatch-plan/1)',
  description:
    'Inputs and recorded result of a 双随机 plan: re-run with docs/sampling.md or `tierwatch plan verify`.',
  type: 'object',
  required: ['format', 'seed', 'strata', 'pool', 'poolDigest', 'assignment', 'result'],
  additionalProperties: false,
  if: { properties: { format: { const: 'tierwatch-plan/2' } } },
  then: { required: ['planId', 'scope', 'drawType', 'drawnAt', 'seedSource'] },
  properties: {
    format: { enum: ['tierwatch-plan/1', 'tierwatch-plan/2'] },
    planId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$', description: 'The plan id (/2).' },
    scope: {
      type: 'object',
      description: 'The plan scope as requested: regionPrefix, industries, tiers, tag (/2).',
    },
    drawType: { enum: ['directed', 'undirected'], description: '定向 or 不定向 draw (/2).' },
    drawnAt: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$',
      description: 'The instant of the draw, ISO-8601 with its zone (/2).',
    },
    seedSource: {
      enum: ['server', 'caller'],
      description:
        'server: drawn from a CSPRNG after the pool digest was appended to the audit chain; caller: given in the plan request (/2).',
    },
    plan: { type: 'object', description: 'Informative (name, window, items…), not recomputed.' },
    seed: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
    strata: {
      type: 'array',
      minItems: 1,
      description: 'In draw and service order; each with exactly one of ratio and count.',
      items: {
        type: 'object',
        required: ['tier'],
        additionalProperties: false,
        properties: {
          tier: { $ref: '#/definitions/tier' },
          ratio: { type: 'number', minimum: 0, maximum: 1 },
          count: { type: 'integer', minimum: 0 },
        },
        oneOf: [{ required: ['ratio'] }, { required: ['count'] }],
      },
    },
    pool: {
      type: 'array',
      items: {
        type: 'object',
        required: ['uscc', 'tier'],
        additionalProperties: false,
        properties: {
          uscc: { $ref: '#/definitions/uscc' },
          tier: { $ref: '#/definitions/tier' },
          region: { type: 'string', pattern: '^[0-9]{1,12}$' },
        },
      },
    },
    poolDigest: { $ref: '#/definitions/digest' },
    assignment: {
      type: 'object',
      required: ['requiredQualifications', 'inspectorsPerTask', 'roster', 'previousAssignments'],
      additionalProperties: false,
      properties: {
        requiredQualifications: { type: 'array', items: { type: 'string' } },
        inspectorsPerTask: { type: 'integer', minimum: 2 },
        roster: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'certified', 'qualifications', 'capacity'],
            additionalProperties: false,
            properties: {
              id: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
              certified: { type: 'boolean' },
              qualifications: { type: 'array', items: { type: 'string' } },
              regions: { type: 'array', items: { type: 'string', pattern: '^[0-9]{1,12}$' } },
              conflicts: { type: 'array', items: { type: 'string' } },
              capacity: { type: 'integer', minimum: 0 },
              assignedInPeriod: { type: 'integer', minimum: 0 },
              department: { type: 'string' },
            },
          },
        },
        previousAssignments: {
          type: 'object',
          additionalProperties: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    result: {
      type: 'object',
      required: ['strata', 'tasks'],
      additionalProperties: false,
      properties: {
        strata: {
          type: 'array',
          items: {
            type: 'object',
            required: ['tier', 'poolSize', 'target'],
            additionalProperties: false,
            properties: {
              tier: { $ref: '#/definitions/tier' },
              poolSize: { type: 'integer', minimum: 0 },
              target: { type: 'integer', minimum: 0 },
              ratio: { type: 'number' },
              count: { type: 'integer' },
            },
          },
        },
        tasks: {
          type: 'array',
          items: {
            type: 'object',
            required: ['uscc', 'tier', 'status'],
            additionalProperties: false,
            properties: {
              uscc: { $ref: '#/definitions/uscc' },
              tier: { $ref: '#/definitions/tier' },
              status: { enum: ['assigned', 'unassignable'] },
              inspectors: { type: 'array', minItems: 2, items: { type: 'string' } },
              reason: {
                type: 'object',
                required: ['code', 'message'],
                additionalProperties: false,
                properties: {
                  code: { enum: ['too_few_qualified', 'capacity_exhausted', 'too_few_eligible'] },
                  message: { type: 'string' },
                },
              },
            },
            if: { properties: { status: { const: 'assigned' } } },
            then: { required: ['inspectors'], not: { required: ['reason'] } },
            else: { required: ['reason'], not: { required: ['inspectors'] } },
          },
        },
      },
    },
  },
  definitions: {
    uscc: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' },
    tier: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,16}$' },
    digest: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
} as const;

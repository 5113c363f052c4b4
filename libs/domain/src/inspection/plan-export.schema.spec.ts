import Ajv from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlan } from './plan-export';
import { EXPORTED_PLAN_SCHEMA } from './plan-export.schema';
import { DEFAULT_STRATA, syntheticPool } from './sampling.spec-helper';

const SCHEMA_FILE = join(__dirname, '../../../../docs/exported-plan.schema.json');

describe('exported-plan.schema.json', () => {
  if (process.env.UPDATE_PLAN_SCHEMA === '1') {
    writeFileSync(SCHEMA_FILE, JSON.stringify(EXPORTED_PLAN_SCHEMA, null, 2) + '\n');
  }

  it('is EXPORTED_PLAN_SCHEMA', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(EXPORTED_PLAN_SCHEMA);
  });

  it('accepts what createPlan exports, unassignable tasks included, and refuses a task with both shapes', () => {
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(
      EXPORTED_PLAN_SCHEMA,
    );
    const plan = createPlan({
      seed: 'schema-check',
      strata: [...DEFAULT_STRATA],
      pool: syntheticPool(300),
      requiredQualifications: ['food'],
      inspectorsPerTask: 2,
      roster: [
        { id: 'I-1', certified: true, qualifications: ['food'], capacity: 5 },
        { id: 'I-2', certified: true, qualifications: ['food'], capacity: 5, regions: ['33'] },
      ],
      plan: { name: 'schema' },
      provenance: {
        planId: 'plan-1',
        scope: {},
        drawType: 'undirected',
        drawnAt: new Date('2026-12-01T00:00:00Z'),
        seedSource: 'caller',
      },
    });
    const json = JSON.parse(JSON.stringify(plan)) as typeof plan;
    expect(json.result.tasks.some((t) => t.status === 'unassignable')).toBe(true);
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    const { planId: _i, scope: _s, drawType: _d, drawnAt: _a, seedSource: _o, ...v1 } = json;
    expect(validate({ ...v1, format: 'tierwatch-plan/1' })).toBe(true);
    expect(validate({ ...v1, format: 'tierwatch-plan/2' })).toBe(false);
    expect(validate({ ...json, drawnAt: '2026-12-01T08:00:00' })).toBe(false);
    const unassignable = json.result.tasks.find((t) => t.status === 'unassignable')!;
    (unassignable as Record<string, unknown>).inspectors = ['I-1', 'I-2'];
    expect(validate(json)).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  pathSegments,
  propertySuggestions,
  schemasAt,
  valueSuggestions,
  type JsonSchema,
} from './schema-complete';

const schema = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'rules', 'schema', 'rule-set.schema.json'), 'utf8'),
) as JsonSchema;

describe('completion from the rule-set JSON Schema', () => {
  it('offers the root keys not yet written, required ones marked', () => {
    const keys = propertySuggestions(schema, [], ['kind', 'facts']);
    expect(keys.map((k) => k.label)).toEqual(
      expect.arrayContaining(['version', 'effectiveFrom', 'rules', 'description']),
    );
    expect(keys.map((k) => k.label)).not.toContain('kind');
    expect(keys.find((k) => k.label === 'version')?.detail).toMatch(/required/);
  });

  it('follows arrays, references and additional properties', () => {
    expect(propertySuggestions(schema, ['rules', 0]).map((k) => k.label)).toEqual(
      expect.arrayContaining(['name', 'conditions', 'event']),
    );
    expect(schemasAt(schema, ['facts', 'any_fact']).length).toBeGreaterThan(0);
    expect(schemasAt(schema, ['no-such-key'])).toEqual([]);
  });

  it('offers enumerated values', () => {
    expect(valueSuggestions(schema, ['kind']).map((v) => v.label)).toContain('"tiering"');
  });

  it("reads the api's problem paths in either notation", () => {
    expect(pathSegments('rules[2].conditions.all[0].fact')).toEqual([
      'rules',
      2,
      'conditions',
      'all',
      0,
      'fact',
    ]);
    expect(pathSegments('/rules/2/event~1x')).toEqual(['rules', 2, 'event/x']);
    expect(pathSegments('')).toEqual([]);
    expect(pathSegments('kind')).toEqual(['kind']);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEADLINES_SCHEMA, YEAR_CALENDAR_SCHEMA } from './rule-data.schema';

/**
 * rules/schema/{year-calendar,deadlines}.schema.json are what editors load; the constants are what
 * the loader compiles. Run with UPDATE_RULE_DATA_SCHEMA=1 to rewrite the files.
 */
const SCHEMAS = [
  ['year-calendar.schema.json', YEAR_CALENDAR_SCHEMA],
  ['deadlines.schema.json', DEADLINES_SCHEMA],
] as const;

describe('rule-data schema files', () => {
  it.each(SCHEMAS)('rules/schema/%s is the constant, so editors and the loader agree', (name, schema) => {
    const file = join(__dirname, '../../../../rules/schema', name);
    if (process.env.UPDATE_RULE_DATA_SCHEMA === '1')
      writeFileSync(file, JSON.stringify(schema, null, 2) + '\n');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(schema);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_SET_SCHEMA } from './rule-set.schema';

/**
 * rules/schema/rule-set.schema.json is what editors load; RULE_SET_SCHEMA is what the validator
 * compiles. The file is generated from the constant: run this spec with UPDATE_RULE_SET_SCHEMA=1
 * to rewrite it after changing the constant.
 */
const SCHEMA_FILE = join(__dirname, '../../../../rules/schema/rule-set.schema.json');
const expected = JSON.stringify(RULE_SET_SCHEMA, null, 2) + '\n';

describe('rule-set.schema.json', () => {
  if (process.env.UPDATE_RULE_SET_SCHEMA === '1') writeFileSync(SCHEMA_FILE, expected);

  it('is RULE_SET_SCHEMA, so editors and the validator agree', () => {
    // Compared as data, so that formatting the file (Prettier) does not matter.
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(RULE_SET_SCHEMA);
  });
});

import type { FactDeclaration } from '@app/rules';
import { groupDeclarations } from './tier-evaluation';

const count = (window: string) =>
  ({
    type: 'number',
    description: 'penalties',
    count: { recordType: 'administrative_penalty', window },
  }) as unknown as FactDeclaration;
const age = {
  type: 'number',
  description: 'age',
  from: 'enterprise.age_years',
} as unknown as FactDeclaration;
const tags = { type: 'string[]', description: 'tags', from: 'enterprise.tags' } as unknown as FactDeclaration;

describe('groupDeclarations', () => {
  it('derives sets that declare their shared facts alike with one query', () => {
    const { groups, groupOf } = groupDeclarations([{ p: count('P3Y'), age }, { p: count('P3Y') }, { tags }]);
    expect(groupOf).toEqual([0, 0, 0]);
    expect(Object.keys(groups[0]).sort()).toEqual(['age', 'p', 'tags']);
  });

  it('gives a set of its own when a fact of the same name is declared differently', () => {
    const { groups, groupOf } = groupDeclarations([{ p: count('P3Y') }, { p: count('P1Y') }, { age }]);
    expect(groupOf).toEqual([0, 1, 0]);
    expect(groups[1]).toEqual({ p: count('P1Y') });
  });
});

import { join } from 'node:path';
import { matchNewBusinessForm, parseNewBusinessForms, readNewBusinessForms } from './new-business-forms';

describe('new business forms (rules/data/new-business-forms.json)', () => {
  const data = readNewBusinessForms(join(__dirname, '../../../../rules'));

  it('cites its source and maps industry codes and tags to the 2018 classification', () => {
    expect(data.source.title).toBe('新产业新业态新商业模式统计分类(2018)');
    expect(matchNewBusinessForm(data, { flagged: false, industryCode: 'I6550', tags: [] })).toEqual({
      newBusinessForm: true,
      because: ['industry I6550 → 05 互联网与现代信息技术服务'],
    });
    expect(matchNewBusinessForm(data, { flagged: true, industryCode: 'F5191', tags: [] }).because).toEqual([
      'flagged new_business_form',
    ]);
    expect(
      matchNewBusinessForm(data, { flagged: false, industryCode: 'C1431', tags: ['food'] }).newBusinessForm,
    ).toBe(false);
  });

  it('refuses a mapping to a category that does not exist', () => {
    expect(() =>
      parseNewBusinessForms({ ...data, industryCodes: [{ prefix: 'I65', category: '99' }] }),
    ).toThrow(
      expect.objectContaining({
        details: [{ path: 'industryCodes[0].category', message: 'unknown category 99' }],
      }),
    );
  });
});

import { DomainError } from '@app/domain';
import { checkedBody } from '@app/http';
import { CreateApiKeyDto } from './api-key.dto';

describe('CreateApiKeyDto', () => {
  const refusal = (body: unknown) => {
    try {
      checkedBody(CreateApiKeyDto, body, 'API key');
    } catch (error) {
      if (error instanceof DomainError) return error.details;
      throw error;
    }
    throw new Error('accepted');
  };

  it('takes a name and 1-50 sources, as the CLI passes them', () => {
    expect(
      checkedBody(CreateApiKeyDto, { name: 'feed', sources: ['samr-penalty'] }, 'API key'),
    ).toBeInstanceOf(CreateApiKeyDto);
  });

  it('names a blank name, a missing source list and each bad source by its index', () => {
    expect(refusal({ name: ' ', sources: undefined })).toEqual([
      { path: 'name', message: 'must be a text of 1-100 characters' },
      { path: 'sources', message: 'must list 1-50 sources' },
    ]);
    expect(refusal({ name: 'x', sources: ['ok', 'bad source!', 7] })).toEqual([
      { path: 'sources[1]', message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' },
      { path: 'sources[2]', message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' },
    ]);
  });
});

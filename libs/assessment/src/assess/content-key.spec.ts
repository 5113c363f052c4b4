import { contentKey, disposition, type KeyedAssessment } from './content-key';

const base: KeyedAssessment = {
  tier: 'B',
  score: 85,
  input_digest: 'a'.repeat(64),
  next_change_on: '2027-03-01',
  fired: [{ rule: 'penalty-minor', records: ['12', '40'] }],
  overrides: [],
};

describe('contentKey', () => {
  const key = contentKey('tiering', '2026.1', base);

  it('is 32 hex digits and the same for the same content', () => {
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(contentKey('tiering', '2026.1', structuredClone(base))).toBe(key);
  });

  it.each<[string, string, string, Partial<KeyedAssessment>]>([
    ['another rule version', 'tiering', '2026.2', {}],
    ['another rule-set kind', 'observation', '2026.1', {}],
    ['other facts', 'tiering', '2026.1', { input_digest: 'b'.repeat(64) }],
    ['another tier', 'tiering', '2026.1', { tier: 'C' }],
    ['another score', 'tiering', '2026.1', { score: 84 }],
    ['another next change date', 'tiering', '2026.1', { next_change_on: '2027-04-01' }],
    ['no next change date', 'tiering', '2026.1', { next_change_on: null }],
    [
      'another record behind a fired rule',
      'tiering',
      '2026.1',
      { fired: [{ rule: 'penalty-minor', records: ['12', '41'] }] },
    ],
    [
      'another fired rule',
      'tiering',
      '2026.1',
      { fired: [{ rule: 'penalty-serious', records: ['12', '40'] }] },
    ],
    [
      'an override besides',
      'tiering',
      '2026.1',
      { overrides: [{ rule: 'dishonesty-list', records: ['7'] }] },
    ],
    [
      'the same rule as an override instead of fired',
      'tiering',
      '2026.1',
      { fired: [], overrides: [{ rule: 'penalty-minor', records: ['12', '40'] }] },
    ],
  ])('differs for %s', (_what, kind, version, change) => {
    expect(contentKey(kind, version, { ...base, ...change })).not.toBe(key);
  });
});

describe('disposition', () => {
  const current = { contentKey: 'k1', asOf: '2026-11-01' };

  it('confirms only when the current assessment has the same key', () => {
    expect(disposition('k1', current, '2026-12-01')).toBe('confirm');
    expect(disposition('k1', current, '2026-11-01')).toBe('confirm');
    expect(disposition('k2', current, '2026-12-01')).toBe('write');
  });

  it('writes when the current assessment is as of a later date than the run (a late retry)', () => {
    expect(disposition('k1', current, '2026-10-31')).toBe('write');
  });

  it('writes a first assessment, one over an assessment without a key or date, and a failed one', () => {
    expect(disposition('k1', null, '2026-12-01')).toBe('write');
    expect(disposition('k1', { contentKey: null, asOf: '2026-11-01' }, '2026-12-01')).toBe('write');
    expect(disposition('k1', { contentKey: 'k1', asOf: null }, '2026-12-01')).toBe('write');
    expect(disposition(null, current, '2026-12-01')).toBe('write');
  });
});

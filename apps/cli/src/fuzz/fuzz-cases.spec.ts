import { fuzzCases, FuzzWorld } from './fuzz-cases';

const world: FuzzWorld = {
  usccs: ['91350100FX0000018H', '91350100FX0000026C'],
  unregisteredUscc: '91350100FX9999999M',
  tasks: {
    assigned: '6f1d1d10-0000-4000-8000-00000000f001',
    inProgress: '6f1d1d10-0000-4000-8000-00000000f002',
    done: '6f1d1d10-0000-4000-8000-00000000f003',
  },
};

const fingerprint = (seed: number, count: number) =>
  [...fuzzCases(seed, count, world)].map((c) => `${c.kind} ${c.path} ${c.body?.toString('base64') ?? ''}`);

describe('fuzz cases', () => {
  it('are the same for the same seed, and others for another seed', () => {
    expect(fingerprint(42, 300)).toEqual(fingerprint(42, 300));
    expect(fingerprint(43, 300)).not.toEqual(fingerprint(42, 300));
    // A longer campaign starts with the shorter one.
    expect(fingerprint(42, 600).slice(0, 300)).toEqual(fingerprint(42, 300));
  });

  it('cover every write route and every ingestion format within a few hundred cases', () => {
    const cases = [...fuzzCases(1, 500, world)];
    expect(new Set(cases.map((c) => c.route)).size).toBe(27);
    for (const format of ['json', 'ndjson', 'csv']) {
      for (const target of ['enterprises', 'records']) {
        expect(cases.some((c) => c.kind.startsWith(`${target}/${format}:rows:`))).toBe(true);
        expect(cases.some((c) => c.kind.startsWith(`${target}/${format}:body:`))).toBe(true);
      }
    }
    expect(cases.every((c) => c.method === 'POST' && c.path.startsWith('/api/v1/'))).toBe(true);
  });
});

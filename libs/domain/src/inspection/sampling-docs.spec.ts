import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeUscc } from '../uscc';
import { createPlan, ExportedPlan } from './plan-export';
import { verifyPlan } from './plan-verify';

/**
 * The exported plan shown in docs/sampling.md §6 is the §4–5 worked example, exported by the code:
 * this spec recomputes it and compares it with the document's JSON block, and verifies it. Run with
 * UPDATE_SAMPLING_DOCS=1 to print the document (in the layout of the doc) to docs-example.json.
 */
const DOC = join(__dirname, '../../../../docs/sampling.md');

function docsExample(): ExportedPlan {
  const tiers = ['A', 'A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'];
  return createPlan({
    seed: 'docs-example-2026',
    strata: [
      { tier: 'D', ratio: 0.8 },
      { tier: 'C', ratio: 1 },
      { tier: 'B', count: 2 },
      { tier: 'A', ratio: 0.5 },
    ],
    pool: tiers.map((tier, i) => ({
      uscc: makeUscc({ region: '330106', orgBody: `MA2B3C${String(i).padStart(2, '0')}` }),
      tier,
      region: '330106',
    })),
    requiredQualifications: ['food'],
    inspectorsPerTask: 2,
    roster: [
      { id: 'I-01', certified: true, qualifications: ['food', 'general'], capacity: 3 },
      { id: 'I-02', certified: true, qualifications: ['food'], capacity: 1 },
      { id: 'I-03', certified: true, qualifications: ['general'], capacity: 9 },
      { id: 'I-04', certified: false, qualifications: ['food'], capacity: 9 },
      { id: 'I-05', certified: true, qualifications: ['food'], regions: ['3302'], capacity: 9 },
      {
        id: 'I-06',
        certified: true,
        qualifications: ['food'],
        conflicts: ['91330106MA2B3C114W'],
        capacity: 9,
      },
      { id: 'I-07', certified: true, qualifications: ['food'], capacity: 2 },
      { id: 'I-08', certified: true, qualifications: ['food'], regions: ['3301'], capacity: 5 },
    ],
    previousAssignments: { '91330106MA2B3C1062': ['I-08'] },
    plan: {
      name: '2026 第一批 食品经营 双随机抽查 (docs example)',
      window: { start: '2026-12-01', end: '2026-12-31' },
      frequencyVersion: '2026.1',
    },
    provenance: {
      planId: '019ad5a2-6c40-7000-8000-00000000d0c5',
      scope: { regionPrefix: '330106' },
      drawType: 'undirected',
      drawnAt: new Date('2026-11-25T10:00:00+08:00'),
      seedSource: 'caller',
    },
  });
}

/** The first ```json block after the heading of §6. */
function documented(): unknown {
  const text = readFileSync(DOC, 'utf8');
  const section = text.slice(text.indexOf('\n## 6. '));
  const match = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!match) throw new Error('docs/sampling.md §6 has no json block');
  return JSON.parse(match[1]);
}

describe('docs/sampling.md §6: the exported plan', () => {
  if (process.env.UPDATE_SAMPLING_DOCS === '1') {
    writeFileSync(join(__dirname, 'docs-example.json'), JSON.stringify(docsExample(), null, 2));
  }

  it('is what createPlan exports for the §4–5 example', () => {
    expect(documented()).toEqual(JSON.parse(JSON.stringify(docsExample())));
  });

  it('verifies', () => {
    const result = verifyPlan(documented());
    expect(result.mismatches).toEqual([]);
    expect(result.provenance).toMatchObject({ seedSource: 'caller', drawType: 'undirected' });
  });
});

import type { RosterInspector } from './inspector-assignment';
import { manualStaffingProblems } from './manual-staffing';

const U = '91330106MA2H00001X';
const roster: RosterInspector[] = [
  { id: 'A', certified: true, qualifications: ['食品安全', '广告'], regions: ['33'], capacity: 1 },
  { id: 'B', certified: true, qualifications: ['食品安全'], regions: ['3301'], capacity: 1 },
  { id: 'C', certified: false, qualifications: ['食品安全'], capacity: 1 },
  { id: 'D', certified: true, qualifications: ['特种设备'], capacity: 1 },
  { id: 'E', certified: true, qualifications: ['食品安全'], regions: ['44'], capacity: 1 },
  { id: 'F', certified: true, qualifications: ['食品安全'], conflicts: [U], capacity: 1 },
  { id: 'G', certified: true, qualifications: ['食品安全'], capacity: 0 },
];
const staff = (inspectorIds: string[], minimum = 2) =>
  manualStaffingProblems({
    inspectorIds,
    roster,
    uscc: U,
    regionCode: '330106',
    requiredQualifications: ['食品安全'],
    minimum,
  });

describe('manual staffing of an unassignable task', () => {
  it('accepts certified, qualified, unconflicted inspectors of the region, at least the minimum', () => {
    expect(staff(['A', 'B'])).toEqual([]);
    // capacity is what the draw shares out; a regulator staffing by hand may go beyond it
    expect(staff(['A', 'B', 'G'], 3)).toEqual([]);
  });

  it('refuses fewer than the minimum, counting an inspector named twice once', () => {
    expect(staff(['A'])).toEqual([
      {
        path: 'inspectorIds',
        message: 'at least 2 different inspectors per visit (rules/deadlines: inspectorsPerVisit)',
      },
    ]);
    expect(staff(['A', 'A']).map((p) => p.path)).toEqual(['inspectorIds', 'inspectorIds[1]']);
    expect(staff(['A', 'B'], 3).map((p) => p.path)).toEqual(['inspectorIds']);
  });

  it('names each inspector that is unknown, uncertified, unqualified, of another region or recused', () => {
    expect(staff(['A', 'X', 'C', 'D', 'E', 'F'])).toEqual([
      { path: 'inspectorIds[1]', message: 'X is not an active inspector of the roster' },
      { path: 'inspectorIds[2]', message: 'C is not certified (持证执法人员 only)' },
      { path: 'inspectorIds[3]', message: 'D lacks the qualification(s) 食品安全' },
      { path: 'inspectorIds[4]', message: "E covers 44, not the enterprise's region 330106" },
      { path: 'inspectorIds[5]', message: `F declared a conflict of interest with ${U} (回避)` },
    ]);
  });
});

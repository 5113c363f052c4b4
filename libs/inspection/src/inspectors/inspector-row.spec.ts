import { DomainError, makeUscc } from '@app/domain';
import { parse } from 'csv-parse/sync';
import { inspectorCells, parseRoster } from './inspector-row';

const CODE = makeUscc({ region: '330106', orgBody: 'T0000001' });

/** The details of the 400 a roster is refused with. */
function refusal(input: unknown, format?: 'json' | 'csv'): { path: string; message: string }[] {
  try {
    parseRoster(input, format);
  } catch (error) {
    if (error instanceof DomainError) return error.details;
    throw error;
  }
  throw new Error('the roster was accepted');
}

const csv = (text: string) => parse<Record<string, string>>(text, { columns: true, trim: true, bom: true });
const HEADER =
  'id,name,department,regionCode,qualifications,certified,conflictUsccs,relatedPersons,capacityPerPeriod,active';

describe('parseRoster: one InspectorDto for JSON rows and CSV lines', () => {
  it('reads a CSV line and the same row in JSON to the same inspector, with defaults', () => {
    const fromCsv = parseRoster(
      csv(`${HEADER}\nINS-1,张三,食品,3301,特种设备; 食品安全 ;,yes,${CODE.toLowerCase()},,12,\n`),
    );
    const fromJson = parseRoster(
      [
        {
          id: 'INS-1',
          name: '张三 ',
          department: '食品',
          regionCode: '3301',
          qualifications: ['食品安全', '特种设备', '食品安全'],
          certified: true,
          conflictUsccs: [CODE],
          capacityPerPeriod: 12,
        },
      ],
      'json',
    );
    const row = {
      id: 'INS-1',
      name: '张三',
      department: '食品',
      regionCode: '3301',
      qualifications: ['特种设备', '食品安全'].sort(),
      certified: true,
      certificateNo: null,
      conflictUsccs: [CODE],
      relatedPersons: [],
      capacityPerPeriod: 12,
      active: true,
    };
    expect(fromCsv).toEqual([row]);
    expect(fromJson).toEqual([row]);
  });

  it('names every problem of every row by row and field, in field order', () => {
    expect(
      refusal(
        [
          { id: 'ok-1', name: '张三', department: '食品', regionCode: '33', capacityPerPeriod: 5 },
          {
            id: 'bad id',
            name: '',
            department: '食品',
            regionCode: '33x',
            capacityPerPeriod: -1,
            conflictUsccs: ['123'],
            x: 1,
          },
        ],
        'json',
      ),
    ).toEqual([
      {
        path: 'inspectors[1].x',
        message: expect.stringMatching(/^is not a known field \(id, name, department/),
      },
      { path: 'inspectors[1].id', message: 'must be 1-64 letters, digits, ".", "_" or "-"' },
      { path: 'inspectors[1].name', message: 'must be a text of 1-200 characters' },
      { path: 'inspectors[1].regionCode', message: 'must be a division code prefix of 1-6 digits' },
      { path: 'inspectors[1].conflictUsccs[0]', message: 'length must be 18, got 3' },
      { path: 'inspectors[1].capacityPerPeriod', message: 'must be a whole number 0-100000' },
    ]);
  });

  it('takes JSON with its own types: text is not a list, "yes" not a flag, "5" not a number', () => {
    const row = { id: 'T-1', name: '张三', department: '食品', regionCode: '33' };
    expect(
      refusal(
        [{ ...row, qualifications: 'food', certified: 'yes', capacityPerPeriod: '5', relatedPersons: [1] }],
        'json',
      ),
    ).toEqual([
      { path: 'inspectors[0].qualifications', message: 'must be a list of at most 200 texts' },
      { path: 'inspectors[0].certified', message: 'must be true or false' },
      { path: 'inspectors[0].relatedPersons[0]', message: 'must be a text of 1-200 characters' },
      { path: 'inspectors[0].capacityPerPeriod', message: 'must be a whole number 0-100000' },
    ]);
    // The same cells from a CSV line read fine.
    expect(
      parseRoster([{ ...row, qualifications: 'food', certified: 'yes', capacityPerPeriod: '5' }]),
    ).toHaveLength(1);
  });

  it('names CSV cells that do not read, by row and field', () => {
    expect(refusal(csv(`${HEADER}\nI-1,a,b,33,,perhaps,,,many,\nI-2,a,b,33,,,,,,\n`))).toEqual([
      { path: 'inspectors[0].certified', message: 'must be true or false' },
      { path: 'inspectors[0].capacityPerPeriod', message: 'must be a whole number 0-100000' },
      { path: 'inspectors[1].capacityPerPeriod', message: 'must be a whole number 0-100000' },
    ]);
  });

  it('refuses an id given twice, an empty roster, a row that is not an object, a body that is not a list', () => {
    const row = { id: 'I-1', name: 'a', department: 'b', regionCode: '33', capacityPerPeriod: 1 };
    expect(refusal([row, row], 'json')).toEqual([
      { path: 'inspectors[1].id', message: 'I-1 is already row 0' },
    ]);
    expect(refusal([], 'json')).toEqual([
      { path: 'inspectors', message: 'must hold at least one inspector' },
    ]);
    expect(refusal([row, 'x'], 'json')).toEqual([{ path: 'inspectors[1]', message: 'must be an object' }]);
    expect(refusal(row, 'json')).toEqual([{ path: 'body', message: 'must be a JSON array' }]);
  });
});

describe('inspectorCells', () => {
  it('reads lists, flags and the capacity, leaves empty cells out and text that does not read as it is', () => {
    expect(
      inspectorCells({
        id: 'I',
        qualifications: 'a;b; ;',
        certified: 'NO',
        active: '',
        capacityPerPeriod: ' 7 ',
        name: '',
      }),
    ).toEqual({ id: 'I', qualifications: ['a', 'b'], certified: false, capacityPerPeriod: 7, name: '' });
    expect(
      inspectorCells({ certified: 'maybe', capacityPerPeriod: '0x10', relatedPersons: ['typed'] }),
    ).toEqual({
      certified: 'maybe',
      capacityPerPeriod: '0x10',
      relatedPersons: ['typed'],
    });
  });
});

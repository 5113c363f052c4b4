import { contentTypeOf, rejectsCsv } from './csv';

describe('rejected rows as CSV', () => {
  it('quotes what needs quoting and starts with a BOM for spreadsheets', () => {
    expect(
      rejectsCsv([
        { row: 2, path: 'occurredOn', message: 'must be a date, got "2026-02-30"' },
        { row: 5, path: 'payload.amount', message: 'a, b' },
      ]),
    ).toBe(
      '\uFEFFrow,path,message\r\n2,occurredOn,"must be a date, got ""2026-02-30"""\r\n5,payload.amount,"a, b"\r\n',
    );
  });

  it('knows the content type of a file by its name', () => {
    expect(['a.CSV', 'b.ndjson', 'c.jsonl', 'd.json', 'e.xlsx'].map(contentTypeOf)).toEqual([
      'text/csv',
      'application/x-ndjson',
      'application/x-ndjson',
      'application/json',
      null,
    ]);
  });
});

import { Readable } from 'node:stream';
import { parseCsv, type CsvParseOptions } from './csv.parser';
import type { ParsedRow } from './parsed-row';
import { chunked, collect } from './parser-testing.spec-helper';

/** Parses `input` whole, byte by byte and in uneven chunks, checks all three agree, and returns the rows. */
async function parseEveryWay(input: string | Buffer, options?: CsvParseOptions): Promise<ParsedRow[]> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const whole = await collect(parseCsv(chunked(bytes, [Math.max(bytes.length, 1)]), options));
  expect(await collect(parseCsv(chunked(bytes, [1]), options))).toEqual(whole);
  expect(await collect(parseCsv(chunked(bytes, [7, 2, 13, 1, 4]), options))).toEqual(whole);
  return whole;
}

describe('parseCsv', () => {
  it('builds nested objects from dotted columns and leaves out empty cells', async () => {
    const input =
      'uscc,name,payload.amount,payload.currency,payload.meta.source,score\n' +
      '91350100M000100Y43,甲公司,12.50,CNY,bank,7\n' +
      '91440300192203821P,乙公司,,,,\n' +
      ',,3,,,\n';
    expect(await parseEveryWay(input)).toEqual([
      {
        row: 1,
        value: {
          uscc: '91350100M000100Y43',
          name: '甲公司',
          payload: { amount: '12.50', currency: 'CNY', meta: { source: 'bank' } },
          score: '7',
        },
      },
      { row: 2, value: { uscc: '91440300192203821P', name: '乙公司' } },
      { row: 3, value: { payload: { amount: '3' } } },
    ]);
  });

  it('splits list columns into trimmed arrays without empty items', async () => {
    const input = 'id,tags,payload.items,note\n1, food ;platform,a;;b ;, x;y\n2,,;,\n3,solo,"c;d",\n';
    const rows = await parseEveryWay(input, { arrayColumns: ['tags', 'payload.items', 'missing'] });
    expect(rows).toEqual([
      {
        row: 1,
        value: { id: '1', tags: ['food', 'platform'], payload: { items: ['a', 'b'] }, note: ' x;y' },
      },
      { row: 2, value: { id: '2' } },
      { row: 3, value: { id: '3', tags: ['solo'], payload: { items: ['c', 'd'] } } },
    ]);
    expect(await parseEveryWay('id,tags\n1,a|b\n', { arrayColumns: ['tags'], arraySeparator: '|' })).toEqual([
      { row: 1, value: { id: '1', tags: ['a', 'b'] } },
    ]);
  });

  it('reads quoted fields with commas, quotes and line breaks, and CRLF line ends', async () => {
    const input =
      'name,address,note\r\n' +
      '"Acme, Inc.","Line 1\r\nLine 2","He said ""hi"""\r\n' +
      '"""quoted""","two\nlines",""\r\n' +
      'plain,"",x\r\n' +
      'un,quoted\nbreak,x\r\n';
    expect(await parseEveryWay(input)).toEqual([
      { row: 1, value: { name: 'Acme, Inc.', address: 'Line 1\r\nLine 2', note: 'He said "hi"' } },
      { row: 2, value: { name: '"quoted"', address: 'two\nlines' } },
      { row: 3, value: { name: 'plain', note: 'x' } },
      // Outside quotes a line break ends the record, whatever the column count.
      { row: 4, error: 'expected 3 columns, found 2' },
      { row: 5, error: 'expected 3 columns, found 2' },
    ]);
    expect(await parseEveryWay('a,b\n"x\ny","1\n2\n3"\n')).toEqual([
      { row: 1, value: { a: 'x\ny', b: '1\n2\n3' } },
    ]);
  });

  it('reports a record with the wrong number of columns and numbers the rest correctly', async () => {
    const input = 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n';
    expect(await parseEveryWay(input)).toEqual([
      { row: 1, value: { a: '1', b: '2', c: '3' } },
      { row: 2, error: 'expected 3 columns, found 2' },
      { row: 3, error: 'expected 3 columns, found 4' },
      { row: 4, value: { a: '10', b: '11', c: '12' } },
    ]);
  });

  it('reports broken quotes record by record and goes on', async () => {
    const input =
      'a,b\n' +
      '1,ab"c\n' + // a quote inside an unquoted field
      '2,"x"y\n' + // text after a closing quote
      '3,"ok"\n' +
      '"4"x,"multi\nline"\n' + // the scan goes on past the error and still respects the quotes
      '5,"x"\r6\n' + // a CR after a closing quote that does not end the line
      '7,fine\n';
    expect(await parseEveryWay(input)).toEqual([
      { row: 1, error: 'quote inside unquoted field' },
      { row: 2, error: 'closing quote not followed by a comma or line end' },
      { row: 3, value: { a: '3', b: 'ok' } },
      { row: 4, error: 'closing quote not followed by a comma or line end' },
      { row: 5, error: 'closing quote not followed by a comma or line end' },
      { row: 6, value: { a: '7', b: 'fine' } },
    ]);
  });

  it('reports a quote left open at the end of the input as the last row', async () => {
    expect(await parseEveryWay('a,b\n1,2\n3,"open\n4,5\n6,7\n')).toEqual([
      { row: 1, value: { a: '1', b: '2' } },
      { row: 2, error: 'unterminated quoted field' },
    ]);
  });

  it('drops a byte order mark, even before a quoted header', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await parseEveryWay(Buffer.concat([bom, Buffer.from('"uscc",name\nx,y\n')]))).toEqual([
      { row: 1, value: { uscc: 'x', name: 'y' } },
    ]);
    expect(await parseEveryWay(Buffer.concat([bom, Buffer.from('a')]))).toEqual([]);
  });

  it('reports records with invalid UTF-8 and keeps the others', async () => {
    const input = Buffer.concat([
      Buffer.from('name,city\n张三,北京\n李'),
      Buffer.from([0xff]),
      Buffer.from(',上海\n"王五\n'),
      Buffer.from('深圳').subarray(0, 4), // a character cut short inside a quoted field
      Buffer.from('",x\n赵六,'),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('\n钱七,广州'),
    ]);
    expect(await parseEveryWay(input)).toEqual([
      { row: 1, value: { name: '张三', city: '北京' } },
      { row: 2, error: 'invalid UTF-8' },
      { row: 3, error: 'invalid UTF-8' },
      { row: 4, error: 'invalid UTF-8' },
      { row: 5, value: { name: '钱七', city: '广州' } },
    ]);
  });

  it('keeps U+FFFD that is really in the file', async () => {
    expect(await parseEveryWay('a\n\ufffd\n')).toEqual([{ row: 1, value: { a: '\ufffd' } }]);
  });

  it('rejects records over maxRecordBytes and goes on', async () => {
    // The limit counts the record's bytes, quotes and commas included, its line end excluded.
    const input =
      'a,b\n' + '1234,67890\n' + '1234,6789012\n' + '"12\n4",6789\r\n' + '"1,\n""4",6789\n' + 'x,y';
    expect(await parseEveryWay(input, { maxRecordBytes: 11 })).toEqual([
      { row: 1, value: { a: '1234', b: '67890' } },
      { row: 2, error: 'record longer than 11 bytes' },
      { row: 3, value: { a: '12\n4', b: '6789' } },
      { row: 4, error: 'record longer than 11 bytes' },
      { row: 5, value: { a: 'x', b: 'y' } },
    ]);
  });

  it('does not hold a long record, even when its quotes span many lines', async () => {
    const long = `1,"${'line\n'.repeat(20_000)}"\n`;
    const source = (async function* () {
      yield 'a,b\n';
      for (let at = 0; at < long.length; at += 1000) yield long.slice(at, at + 1000);
      yield '2,3\n';
    })();
    expect(await collect(parseCsv(source, { maxRecordBytes: 4096 }))).toEqual([
      { row: 1, error: 'record longer than 4096 bytes' },
      { row: 2, value: { a: '2', b: '3' } },
    ]);
  });

  it('keeps every record of a chunk holding thousands, bad ones included', async () => {
    const lines = Array.from({ length: 5000 }, (_, k) =>
      k % 1000 === 999 ? `${k},"broken"x` : `${k},"v ${k}"`,
    );
    const rows = await collect(parseCsv(chunked(Buffer.from(`id,v\n${lines.join('\n')}\n`), [1 << 20])));
    expect(rows).toEqual(
      lines.map((_, k) =>
        k % 1000 === 999
          ? { row: k + 1, error: 'closing quote not followed by a comma or line end' }
          : { row: k + 1, value: { id: String(k), v: `v ${k}` } },
      ),
    );
  });

  it('skips blank lines without counting them and takes a last record without a line end', async () => {
    expect(await parseEveryWay('\r\na,b\n\n1,2\r\n\r\n\n3,4\r')).toEqual([
      { row: 1, value: { a: '1', b: '2' } },
      { row: 2, value: { a: '3', b: '4' } },
    ]);
  });

  it('gives no rows for an empty input or a header alone', async () => {
    expect(await parseEveryWay('')).toEqual([]);
    expect(await parseEveryWay('a,b\n')).toEqual([]);
    expect(await collect(parseCsv(Readable.from([])))).toEqual([]);
  });

  it('reads a Readable of text chunks', async () => {
    const stream = Readable.from(['na', 'me\n"A', 'cme"\n']);
    expect(await collect(parseCsv(stream))).toEqual([{ row: 1, value: { name: 'Acme' } }]);
  });

  it.each([
    ['uscc,name,uscc\n1,2,3\n', 'duplicate column "uscc"'],
    ['uscc, uscc \n1,2\n', 'duplicate column "uscc"'],
    ['a,,b\n1,2,3\n', 'empty column name in column 2'],
    ['payload,payload.amount\n1,2\n', 'column "payload.amount" conflicts with column "payload"'],
    ['payload.amount,payload\n1,2\n', 'column "payload" conflicts with the columns under "payload"'],
    ['a..b\n1\n', 'invalid column name "a..b"'],
    ['__proto__.polluted\n1\n', 'invalid column name "__proto__.polluted"'],
    ['a,"b\n1,2\n', 'invalid CSV header: unterminated quoted field'],
  ])('refuses the header of %j before any row', async (input, message) => {
    const rows = parseCsv(Readable.from([input]));
    await expect(rows.next()).rejects.toThrow(message);
  });

  it('refuses a header with invalid UTF-8 before any row', async () => {
    const rows = parseCsv(chunked(Buffer.from([0x61, 0x2c, 0xff, 0x0a, 0x31, 0x2c, 0x32, 0x0a]), [3]));
    await expect(rows.next()).rejects.toThrow('invalid CSV header: invalid UTF-8');
  });

  it('builds plain objects whatever the column names', async () => {
    const rows = await parseEveryWay('constructor.name,toString,hasOwnProperty\nx,y,z\n');
    expect(rows).toEqual([
      { row: 1, value: { constructor: { name: 'x' }, toString: 'y', hasOwnProperty: 'z' } },
    ]);
    expect(Object.getPrototypeOf((rows[0] as { value: object }).value)).toBe(Object.prototype);
  });

  it('refuses options it cannot honour', async () => {
    await expect(collect(parseCsv(Readable.from(['a\n']), { maxRecordBytes: 0.5 }))).rejects.toThrow(
      RangeError,
    );
    await expect(collect(parseCsv(Readable.from(['a\n']), { arraySeparator: '' }))).rejects.toThrow(
      RangeError,
    );
  });
});

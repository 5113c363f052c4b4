import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { parseCsv } from './csv.parser';
import { parseNdjson } from './ndjson.parser';
import { chunked, collect } from './parser-testing.spec-helper';
import { stringProblem } from './value-check';

/** RFC 4180: quote a field that holds a separator, a quote or a line break, doubling its quotes. */
function csvField(value: string, aloneOnLine: boolean): string {
  // An empty field alone on its line would be a blank line, which is not a record.
  return /[",\r\n]/.test(value) || (aloneOnLine && value === '') ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(fields: string[]): string {
  return fields.map((field) => csvField(field, fields.length === 1)).join(',');
}

// Any Unicode PostgreSQL can store (no NUL, no lone surrogate: those are error rows, tested below),
// plus strings dense in the characters CSV and NDJSON have to escape.
const storable = (text: string) => stringProblem(text) === undefined;
const cell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }).filter(storable),
  fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', ' ', ';', 'a', '汉', '😀', '\\'), maxLength: 12 }),
);
// Column names: the CSV parser trims them, reads dots as nesting and refuses `__proto__`.
const columnName = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 8 })
  .filter((name) => name === name.trim() && !name.includes('.') && name !== '__proto__' && storable(name));
const table = fc.uniqueArray(columnName, { minLength: 1, maxLength: 6 }).chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), {
      maxLength: 15,
    }),
  }),
);
const chunkSizes = fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 8 });
const lineEnd = fc.constantFrom('\n', '\r\n');

describe('parsers, property-based', () => {
  it('NDJSON gives back every record with its line number', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        chunkSizes,
        lineEnd,
        fc.boolean(),
        async ({ columns, rows }, sizes, eol, finalEol) => {
          const records = rows.map((cells) => Object.fromEntries(columns.map((name, k) => [name, cells[k]])));
          const text = records.map((record) => JSON.stringify(record)).join(eol) + (finalEol ? eol : '');
          const parsed = await collect(parseNdjson(chunked(Buffer.from(text), sizes)));
          expect(parsed).toEqual(records.map((value, k) => ({ row: k + 1, value })));
        },
      ),
    );
  });

  it('CSV gives back every record, empty cells left out, with its record number', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        chunkSizes,
        lineEnd,
        fc.boolean(),
        async ({ columns, rows }, sizes, eol, finalEol) => {
          const text = [columns, ...rows].map(csvLine).join(eol) + (finalEol ? eol : '');
          const parsed = await collect(parseCsv(chunked(Buffer.from(text), sizes)));
          const expected = rows.map((cells, k) => ({
            row: k + 1,
            value: Object.fromEntries(
              columns.flatMap((name, c) => (cells[c] === '' ? [] : [[name, cells[c]]])),
            ),
          }));
          expect(parsed).toEqual(expected);
        },
      ),
    );
  });

  // Malformed input too: wherever the chunks are cut, the rows (errors included) are the same.
  const messyBytes = fc
    .array(
      fc.constantFrom(
        ...['a', ',', '"', '\n', '\r', ' ', '{', '}', ':', '1', '"a"', '汉'].map((s) => Buffer.from(s)),
        Buffer.from([0xff]),
        Buffer.from('汉').subarray(0, 2),
        Buffer.from([0xef, 0xbb, 0xbf]),
      ),
      { maxLength: 60 },
    )
    .map((parts) => Buffer.concat([Buffer.from('h1,h2\n'), ...parts]));

  it('CSV does not depend on where the chunks are cut', async () => {
    await fc.assert(
      fc.asyncProperty(messyBytes, chunkSizes, async (bytes, sizes) => {
        const options = { maxRecordBytes: 8 };
        const whole = await collect(parseCsv(chunked(bytes, [bytes.length]), options));
        expect(await collect(parseCsv(chunked(bytes, sizes), options))).toEqual(whole);
        // The splitter leaves csv-parse nothing to fail on, so parsing never stops early.
        expect(whole.filter((row) => 'error' in row && row.error.startsWith('invalid CSV'))).toEqual([]);
      }),
    );
  });

  it('NDJSON does not depend on where the chunks are cut', async () => {
    await fc.assert(
      fc.asyncProperty(messyBytes, chunkSizes, async (bytes, sizes) => {
        const options = { maxLineBytes: 8 };
        const whole = await collect(parseNdjson(chunked(bytes, [bytes.length]), options));
        expect(await collect(parseNdjson(chunked(bytes, sizes), options))).toEqual(whole);
      }),
    );
  });

  it('CSV accepts exactly the records csv-parse accepts, with the same cells', async () => {
    const csvText = fc
      .array(fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n', ' ', '1', '"a"', '""', '汉'), {
        maxLength: 40,
      })
      .map((parts) => `h1,h2\n${parts.join('')}`)
      // A lone `\r` at the very end is dropped here, while csv-parse keeps it in the last cell.
      .filter((text) => !text.endsWith('\r'));
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        const ours = await collect(parseCsv(chunked(Buffer.from(text), [text.length])));
        let theirs: string[][];
        try {
          theirs = parse(text, {
            relax_column_count: true,
            record_delimiter: ['\r\n', '\n'],
            skip_empty_lines: true,
          });
        } catch {
          // csv-parse stops at the first broken record; we report it (and go on).
          expect(ours.some((row) => 'error' in row && !row.error.startsWith('expected'))).toBe(true);
          return;
        }
        const expected = theirs
          .slice(1)
          .map(([h1, h2, ...more], k) =>
            more.length > 0 || h2 === undefined
              ? { row: k + 1, error: `expected 2 columns, found ${theirs[k + 1].length}` }
              : { row: k + 1, value: { ...(h1 === '' ? {} : { h1 }), ...(h2 === '' ? {} : { h2 }) } },
          );
        expect(ours).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { factSets } from './rules-eval';

describe('rules eval: the fact sets of a file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rules-eval-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = async (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const out: { item: number; facts: unknown }[] = [];
    for await (const set of factSets(file)) out.push(set);
    return out;
  };

  it('reads one JSON object, a JSON array, or NDJSON numbered by line (blank lines skipped)', async () => {
    expect(await read('one.json', '{"a":1}')).toEqual([{ item: 1, facts: { a: 1 } }]);
    expect(await read('many.json', '[{"a":1},{"a":2}]')).toEqual([
      { item: 1, facts: { a: 1 } },
      { item: 2, facts: { a: 2 } },
    ]);
    expect(await read('lines.ndjson', '{"a":1}\n\n{"a":3}\n')).toEqual([
      { item: 1, facts: { a: 1 } },
      { item: 3, facts: { a: 3 } },
    ]);
    // NDJSON under another name: not one JSON document, so read by line.
    expect(await read('lines.txt', '{"a":1}\n{"a":2}')).toEqual([
      { item: 1, facts: { a: 1 } },
      { item: 2, facts: { a: 2 } },
    ]);
  });

  it('turns a line that is not JSON into an error for that line only', async () => {
    const sets = await read('bad.ndjson', '{"a":1}\n{nope\n{"a":3}');
    expect(sets.map((s) => s.item)).toEqual([1, 2, 3]);
    expect(sets[1].facts).toMatchObject({ message: expect.stringMatching(/^line 2 is not JSON/) });
  });
});

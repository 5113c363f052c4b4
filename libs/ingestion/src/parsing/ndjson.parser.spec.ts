import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseNdjson } from './ndjson.parser';
import { chunked, collect } from './parser-testing.spec-helper';

async function* once(bytes: Buffer | string): AsyncGenerator<Buffer | string> {
  yield bytes;
}

/** A tiny seeded generator, so that "random" chunkings are the same on every run. */
function randomSizes(seed: number, count: number, max: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return 1 + (state % max);
  });
}

describe('parseNdjson', () => {
  it('numbers rows by line and parses a last line without a newline', async () => {
    const input = '{"uscc":"a","n":1}\n{"uscc":"b","nested":{"x":[1,2]}}\n{"uscc":"c"}';
    expect(await collect(parseNdjson(once(input)))).toEqual([
      { row: 1, value: { uscc: 'a', n: 1 } },
      { row: 2, value: { uscc: 'b', nested: { x: [1, 2] } } },
      { row: 3, value: { uscc: 'c' } },
    ]);
  });

  it('accepts CRLF line ends', async () => {
    const input = Buffer.from('{"a":1}\r\n{"a":2}\r\n\r\n{"a":"x\\r"}\r\n');
    expect(await collect(parseNdjson(chunked(input, [1])))).toEqual([
      { row: 1, value: { a: 1 } },
      { row: 2, value: { a: 2 } },
      { row: 4, value: { a: 'x\r' } },
    ]);
  });

  it('skips blank and whitespace-only lines but counts them', async () => {
    const input = '\n{"a":1}\n\n   \n\t \r\n{"a":2}\n\n';
    expect(await collect(parseNdjson(once(input)))).toEqual([
      { row: 2, value: { a: 1 } },
      { row: 6, value: { a: 2 } },
    ]);
  });

  it('puts multi-byte characters split across chunks back together, wherever the cut falls', async () => {
    const input = Buffer.from('{"name":"深圳市腾讯计算机系统有限公司"}\n{"name":"𠮷野家 🍜"}\n');
    const expected = [
      { row: 1, value: { name: '深圳市腾讯计算机系统有限公司' } },
      { row: 2, value: { name: '𠮷野家 🍜' } },
    ];
    for (let cut = 0; cut <= input.length; cut++) {
      const source = (async function* () {
        yield input.subarray(0, cut);
        yield input.subarray(cut);
      })();
      expect(await collect(parseNdjson(source))).toEqual(expected);
    }
    expect(await collect(parseNdjson(chunked(input, [1])))).toEqual(expected);
    for (let seed = 1; seed <= 20; seed++) {
      expect(await collect(parseNdjson(chunked(input, randomSizes(seed, 50, 7))))).toEqual(expected);
    }
  });

  it('keeps a surrogate pair split across text chunks', async () => {
    const text = '{"name":"𠮷"}\n';
    const split = text.indexOf('𠮷') + 1;
    const source = (async function* () {
      yield text.slice(0, split);
      yield text.slice(split);
    })();
    expect(await collect(parseNdjson(source))).toEqual([{ row: 1, value: { name: '𠮷' } }]);
  });

  it('reports the lines with invalid UTF-8 and parses the others', async () => {
    const input = Buffer.concat([
      Buffer.from('{"name":"张三"}\n{"name":"'),
      Buffer.from([0xff]), // never valid
      Buffer.from('"}\n{"name":"'),
      Buffer.from([0xe5, 0xbc]), // 张 without its last byte
      Buffer.from('"}\n{"name":"'),
      Buffer.from([0xc0, 0xaf]), // overlong encoding of "/"
      Buffer.from('"}\n{"name":"'),
      Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
      Buffer.from('"}\n{"name":"李四"}\n'),
    ]);
    const expected = [
      { row: 1, value: { name: '张三' } },
      { row: 2, error: 'invalid UTF-8' },
      { row: 3, error: 'invalid UTF-8' },
      { row: 4, error: 'invalid UTF-8' },
      { row: 5, error: 'invalid UTF-8' },
      { row: 6, value: { name: '李四' } },
    ];
    expect(await collect(parseNdjson(once(input)))).toEqual(expected);
    expect(await collect(parseNdjson(chunked(input, [1])))).toEqual(expected);
  });

  it('reports a truncated character on the last line', async () => {
    const input = Buffer.concat([Buffer.from('{"a":1}\n{"name":"'), Buffer.from('张').subarray(0, 2)]);
    expect(await collect(parseNdjson(once(input)))).toEqual([
      { row: 1, value: { a: 1 } },
      { row: 2, error: 'invalid UTF-8' },
    ]);
  });

  it('rejects JSON that is not an object, and text that is not JSON', async () => {
    const input = '[1,2]\n42\nnull\n"text"\n{"a":\n{"ok":true}\nnot json\n';
    const rows = await collect(parseNdjson(once(input)));
    expect(rows).toEqual([
      { row: 1, error: 'must be a JSON object' },
      { row: 2, error: 'must be a JSON object' },
      { row: 3, error: 'must be a JSON object' },
      { row: 4, error: 'must be a JSON object' },
      { row: 5, error: expect.stringMatching(/^invalid JSON: ./) },
      { row: 6, value: { ok: true } },
      { row: 7, error: expect.stringMatching(/^invalid JSON: .*not json/) },
    ]);
  });

  it('drops a byte order mark at the start of the file only', async () => {
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n\ufeff{"a":2}\n')]);
    expect(await collect(parseNdjson(chunked(input, [1])))).toEqual([
      { row: 1, value: { a: 1 } },
      { row: 2, error: expect.stringMatching(/^invalid JSON: /) },
    ]);
  });

  it('rejects lines over maxLineBytes, without their line end, and goes on', async () => {
    const exact = `{"a":"${'x'.repeat(10)}"}`; // 18 bytes
    const over = `{"a":"${'x'.repeat(11)}"}`; // 19 bytes
    const input = Buffer.from(`${exact}\n${over}\n${exact}\r\n${over}\r\n{"b":1}\n${over}`);
    const expected = [
      { row: 1, value: { a: 'x'.repeat(10) } },
      { row: 2, error: 'line longer than 18 bytes' },
      { row: 3, value: { a: 'x'.repeat(10) } },
      { row: 4, error: 'line longer than 18 bytes' },
      { row: 5, value: { b: 1 } },
      { row: 6, error: 'line longer than 18 bytes' },
    ];
    for (const sizes of [[input.length], [1], [5, 3], [19], [20]]) {
      expect(await collect(parseNdjson(chunked(input, sizes), { maxLineBytes: 18 }))).toEqual(expected);
    }
  });

  it('drops a 10 MB line as it streams instead of holding it', async () => {
    // Collecting before each reading makes it count what the parser holds, not garbage not yet collected.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const memory = (): number => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const chunkSize = 64 * 1024;
    const chunks = (10 * 1024 * 1024) / chunkSize;
    let peakGrowth = 0;
    const baseline = memory();
    const source = (async function* () {
      yield Buffer.from('{"a":1}\n{"big":"');
      for (let k = 0; k < chunks; k++) {
        // Measured while the parser holds whatever it kept of the chunks so far.
        if (k % 16 === 15) peakGrowth = Math.max(peakGrowth, memory() - baseline);
        yield Buffer.alloc(chunkSize, 'x');
      }
      yield Buffer.from('"}\n{"after":true}\n');
    })();
    expect(await collect(parseNdjson(source))).toEqual([
      { row: 1, value: { a: 1 } },
      { row: 2, error: 'line longer than 1048576 bytes' },
      { row: 3, value: { after: true } },
    ]);
    // Up to 1 MiB is kept before the line is known to be too long; keeping the line would take 10 MiB.
    expect(peakGrowth).toBeLessThan(3 * 1024 * 1024);
  });

  it('reads a Readable and mixed text and byte chunks', async () => {
    const stream = Readable.from([Buffer.from('{"a":'), '1}\n{"b"', Buffer.from(':2}')]);
    expect(await collect(parseNdjson(stream))).toEqual([
      { row: 1, value: { a: 1 } },
      { row: 2, value: { b: 2 } },
    ]);
  });

  it('gives nothing for an empty input', async () => {
    expect(await collect(parseNdjson(once('')))).toEqual([]);
    expect(await collect(parseNdjson(Readable.from([])))).toEqual([]);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(collect(parseNdjson(once('{}'), { maxLineBytes: 0 }))).rejects.toThrow(RangeError);
  });
});

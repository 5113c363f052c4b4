import { RowValidator } from '../rows/row.validator';
import { BlockBuilder, rowsOf, transferList } from './prepared-block';

const NOW = Date.parse('2026-11-24T12:00:00+08:00');
const USCC = '91350100M000100Y43';
const penalty = (id: string, extra: Record<string, unknown> = {}) => ({
  uscc: USCC.toLowerCase(),
  type: 'administrative_penalty',
  source: 'samr\tpenalty',
  sourceRecordId: id,
  severity: 'general',
  occurredOn: '2025-03-01',
  payload: { measure: 'fine', amount: '5000', authority: '市场监管局\\福州' },
  ...extra,
});

describe('prepared blocks (what the preparation worker posts)', () => {
  it('keep every row in input order, its COPY line and key, or its problems, through structured cloning', () => {
    const builder = new BlockBuilder('records', new RowValidator(NOW));
    builder.add({ row: 1, value: penalty('P-1') });
    builder.add({ row: 3, error: 'invalid JSON: Unexpected end of JSON input' });
    builder.add({ row: 4, value: penalty('P-2', { occurredOn: '2025-02-30' }) });
    const { occurredOn: _, ...risk } = penalty('长-3', {
      type: 'complaint',
      severity: 'low',
      occurredAt: '2026-01-01T08:00:00+08:00',
      payload: { summary: 'x' },
    });
    builder.add({ row: 5, value: risk });
    expect(builder.size).toBe(4);

    const block = builder.take();
    // As the worker posts it: the buffers moved, not copied.
    const moved = structuredClone(block, { transfer: transferList(block) });
    expect(block.lines.bytes.byteLength).toBe(0);
    const rows = [...rowsOf(moved)].map((r) =>
      'line' in r ? { ...r, line: Buffer.from(r.line).toString() } : r,
    );
    expect(builder.size).toBe(0);
    expect(rows).toEqual([
      {
        row: 1,
        key: 'samr\tpenalty\u0000P-1',
        table: 'credit',
        uscc: USCC,
        line: `${USCC}\tadministrative_penalty\tgeneral\t2025-03-01\t\\N\tsamr\\tpenalty\tP-1\t\\N\t{"measure":"fine","amount":"5000.00","authority":"市场监管局\\\\\\\\福州"}\n`,
      },
      { row: 3, problems: [{ row: 3, path: '', message: 'invalid JSON: Unexpected end of JSON input' }] },
      { row: 4, problems: [expect.objectContaining({ row: 4, path: 'occurredOn' })] },
      {
        row: 5,
        key: 'samr\tpenalty\u0000长-3',
        table: 'risk',
        uscc: USCC,
        line: `${USCC}\tcomplaint\tlow\t2026-01-01T00:00:00.000Z\tsamr\\tpenalty\t长-3\t{"summary":"x"}\n`,
      },
    ]);
  });
});

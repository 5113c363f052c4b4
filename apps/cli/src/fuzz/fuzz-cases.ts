/**
 * Seeded bad inputs for every write route of the API (issue #11 point 10). Every case is meant to be
 * refused as a whole — each ingestion row is broken, each other body has a broken field — so that
 * no table may change, whatever the answer's status. The same seed gives the same cases.
 */
import { FuzzRandom } from './fuzz-random';

/** What a campaign runs against: registered enterprises and tasks in known states. */
export interface FuzzWorld {
  /** Registered enterprises. */
  usccs: string[];
  /** A valid code of an enterprise that is not registered. */
  unregisteredUscc: string;
  tasks: { assigned: string; inProgress: string; done: string };
}

export interface FuzzCase {
  id: number;
  /** The route template, e.g. `POST /api/v1/inspection-tasks/:id/result`. */
  route: string;
  /** What is wrong with it, e.g. `records/csv:duplicate-header`. */
  kind: string;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A JSON value whose text is written as is (numbers JSON.stringify cannot write exactly). */
class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of `value`; `Raw` values are written as their text. */
function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type Row = Record<string, unknown>;

/** Breaks a row so that it must be rejected; `csv`: it stays broken when written as CSV text. */
interface Breaker {
  name: string;
  csv: boolean;
  apply: (row: Row, r: FuzzRandom, world: FuzzWorld) => void;
}

const IMPOSSIBLE_DATES = [
  '2026-02-30',
  '0000-01-01',
  '2026-13-01',
  '2025-02-29',
  '2026-00-10',
  '20260101',
  '2026-1-1',
  '9999-12-31',
  '2026-06-31',
  '',
  ' 2026-01-01',
  '2026-01-01T00:00:00',
];
const BAD_INSTANTS = [
  '2026-02-30T10:00:00+08:00',
  '0000-01-01T00:00:00Z',
  '2026-01-01T10:00:00',
  '2026-01-01T25:00:00+08:00',
  '2026-01-01 10:00',
  '9999-12-31T23:59:59Z',
  'yesterday',
];
const HUGE_NUMBERS = [
  '123456789012345678901',
  '1e400',
  '-1e400',
  '1.005',
  '-5',
  '9007199254740993.123',
  '1234567890123456789.12',
  '0.0000000000000000000001',
];
const BAD_USCCS = [
  '91350100M000100Y44',
  '',
  '123',
  'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲ',
  '91350100M000100Y4',
  'IOZSV0000000000000',
];
const WRONG_TYPES: unknown[] = [{}, [], true, null, 12, [1, 2], { a: 1 }];
const deepArray = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const longString = (r: FuzzRandom) => 'x汉'.repeat(r.pick([600, 5000, 60_000]));
const withNul = (r: FuzzRandom) => r.pick(['a\u0000b', '\u0000', 'x\u0000']);
const withLone = (r: FuzzRandom) => r.pick(['\ud800', 'x\udfff', '\udbff\u0041', 'a\ud83d']);

const ENTERPRISE_REQUIRED = ['uscc', 'name', 'regionCode', 'industryCode', 'establishedOn'];
const ENTERPRISE_BREAKERS: Breaker[] = [
  { name: 'bad-uscc', csv: true, apply: (row, r) => (row.uscc = r.pick(BAD_USCCS)) },
  { name: 'missing-field', csv: true, apply: (row, r) => delete row[r.pick(ENTERPRISE_REQUIRED)] },
  { name: 'bad-date', csv: true, apply: (row, r) => (row.establishedOn = r.pick(IMPOSSIBLE_DATES)) },
  { name: 'nul', csv: true, apply: (row, r) => (row[r.pick(['name', 'uscc', 'regionCode'])] = withNul(r)) },
  {
    name: 'lone-surrogate',
    csv: false,
    apply: (row, r) => (row[r.pick(['name', 'industryCode'])] = withLone(r)),
  },
  {
    name: 'long-string',
    csv: true,
    apply: (row, r) => (row[r.pick(['name', 'regionCode'])] = longString(r)),
  },
  {
    name: 'wrong-type',
    csv: false,
    apply: (row, r) => {
      const field = r.pick(['name', 'uscc', 'establishedOn', 'isPlatform']);
      // A boolean is the right type for isPlatform.
      row[field] = r.pick(field === 'isPlatform' ? ['yes', 12, {}, [], null] : WRONG_TYPES);
    },
  },
  {
    name: 'huge-number',
    csv: true,
    apply: (row, r) =>
      (row[r.pick(['registeredCapital', 'platformValuation', 'platformMonthlyUsers'])] = new Raw(
        r.pick(HUGE_NUMBERS),
      )),
  },
  {
    name: 'bad-region',
    csv: true,
    apply: (row, r) => (row.regionCode = r.pick(['35010', '3501000', 'ABCDEF', '-1'])),
  },
  { name: 'bad-enum', csv: true, apply: (row, r) => (row.size = r.pick(['gigantic', 'MICRO', ' micro'])) },
  { name: 'deep-nesting', csv: false, apply: (row, r) => (row.tags = deepArray(r.pick([33, 40, 200]))) },
  {
    name: 'unknown-field',
    csv: false,
    // An own property, even `__proto__` (an assignment would set the prototype instead).
    apply: (row, r) =>
      Object.defineProperty(row, r.pick(['__proto__', 'constructor', 'extra', 'payload.x']), {
        value: 'x',
        enumerable: true,
        writable: true,
        configurable: true,
      }),
  },
];

const RECORD_BREAKERS: Breaker[] = [
  { name: 'bad-uscc', csv: true, apply: (row, r) => (row.uscc = r.pick(BAD_USCCS)) },
  { name: 'unregistered-enterprise', csv: true, apply: (row, _r, w) => (row.uscc = w.unregisteredUscc) },
  {
    name: 'unknown-type',
    csv: true,
    apply: (row, r) => (row.type = r.pick(['penalty', '', 'Complaint', 'x'.repeat(300)])),
  },
  {
    name: 'missing-field',
    csv: true,
    apply: (row, r) => delete row[r.pick(['uscc', 'type', 'source', 'sourceRecordId'])],
  },
  {
    name: 'bad-date',
    csv: true,
    apply: (row, r) => {
      if ('occurredAt' in row) row.occurredAt = r.pick(BAD_INSTANTS);
      else row.occurredOn = r.pick(IMPOSSIBLE_DATES);
    },
  },
  {
    name: 'nul',
    csv: true,
    apply: (row, r) => (row[r.pick(['source', 'sourceRecordId', 'uscc'])] = withNul(r)),
  },
  {
    name: 'lone-surrogate',
    csv: false,
    apply: (row, r) => (row[r.pick(['source', 'sourceRecordId'])] = withLone(r)),
  },
  {
    name: 'long-string',
    csv: true,
    apply: (row, r) => (row[r.pick(['source', 'sourceRecordId'])] = longString(r)),
  },
  {
    name: 'wrong-type',
    csv: false,
    apply: (row, r) => (row[r.pick(['payload', 'source', 'type'])] = r.pick(WRONG_TYPES.slice(1))),
  },
  {
    name: 'bad-payload',
    csv: true,
    apply: (row, r) => {
      const payload = (row.payload ?? {}) as Row;
      row.payload = payload;
      if (row.type === 'administrative_penalty') payload.amount = new Raw(r.pick(HUGE_NUMBERS));
      else if (row.type === 'annual_report')
        payload.year = new Raw(r.pick(['2024.5', '1e20', '2024.0000000000000001', '-1', '99999']));
      // Not '': an empty CSV cell is an absent field, and a risk payload is optional.
      else payload.signal = r.pick(['nope', withNul(r)]);
    },
  },
  // Longer than any severity (annual reports take free text up to 16 characters).
  { name: 'bad-severity', csv: true, apply: (row) => (row.severity = 'FATAL-SEVERITY-LEVEL-9') },
];

function enterpriseRow(r: FuzzRandom, world: FuzzWorld): Row {
  return {
    uscc: r.pick(world.usccs),
    name: r.pick(['福州示例有限公司', 'Fuzz Co', '甲']),
    regionCode: '350100',
    industryCode: r.pick(['I6513', 'C1431']),
    establishedOn: '2015-06-01',
    registeredCapital: r.pick(['1000000', '12.50']),
    tags: ['software'],
  };
}

function recordRow(r: FuzzRandom, world: FuzzWorld): Row {
  const uscc = r.pick(world.usccs);
  const id = `FZ-${r.int(1_000_000)}`;
  switch (r.int(3)) {
    case 0:
      return {
        uscc,
        type: 'administrative_penalty',
        source: 'fuzz',
        sourceRecordId: id,
        severity: 'general',
        occurredOn: '2025-03-01',
        payload: { measure: 'fine', amount: '5000' },
      };
    case 1:
      return {
        uscc,
        type: 'annual_report',
        source: 'fuzz',
        sourceRecordId: id,
        occurredOn: '2025-06-30',
        payload: { year: 2024, filedOn: '2025-06-30' },
      };
    default:
      return {
        uscc,
        type: 'platform_risk_signal',
        source: 'fuzz',
        sourceRecordId: id,
        severity: 'high',
        occurredAt: '2026-01-05T10:00:00+08:00',
        payload: { signal: 'price_discrimination' },
      };
  }
}

type Format = 'json' | 'ndjson' | 'csv';
const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
};

/** Rows as CSV: dotted payload columns; `Raw` as its text; other non-strings as JSON. */
function toCsv(rows: Row[]): string {
  const flat = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (k === 'payload' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
        for (const [pk, pv] of Object.entries(v)) out[`payload.${pk}`] = pv;
      } else out[k] = v;
    }
    return out;
  });
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  const cell = (v: unknown) => {
    const text =
      v === undefined
        ? ''
        : typeof v === 'string'
          ? v
          : v instanceof Raw
            ? v.text
            : Array.isArray(v)
              ? v.join(';')
              : toJson(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [columns.map(cell).join(','), ...flat.map((row) => columns.map((c) => cell(row[c])).join(','))].join(
      '\n',
    ) + '\n'
  );
}

/** Bytes that are not UTF-8, spliced somewhere into `text`. */
function spliceInvalidUtf8(text: string, r: FuzzRandom): Buffer {
  const bytes = Buffer.from(text);
  const at = Math.max(1, r.int(bytes.length));
  const bad = Buffer.from(
    r.pick([[0xff], [0xc3, 0x28], [0xe6, 0xb5], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]),
  );
  // Not inside a multi-byte character: move to the start of one.
  let cut = at;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return Buffer.concat([bytes.subarray(0, cut), bad, bytes.subarray(cut)]);
}

const ATOMIC_QUERIES = [
  '',
  '?atomic=true',
  '?atomic=false',
  '?atomic=true',
  '?atomic=maybe',
  '?atomic=%E0%A4%A',
  '?atomic=1',
  '?atomic=true&atomic=false',
  '?atomic=%00',
];

/** One bad ingestion request: a body-level problem, or rows that are each broken. */
function ingestionCase(
  r: FuzzRandom,
  world: FuzzWorld,
  target: 'enterprises' | 'records',
): Omit<FuzzCase, 'id'> {
  const format = r.pick<Format>(['json', 'ndjson', 'csv']);
  const route = `POST /api/v1/${target}`;
  const query = r.pick(ATOMIC_QUERIES);
  let contentType = CONTENT_TYPE[format];
  const breakers = (target === 'enterprises' ? ENTERPRISE_BREAKERS : RECORD_BREAKERS).filter(
    (b) => format !== 'csv' || b.csv,
  );
  const rows: Row[] = [];
  const names: string[] = [];
  for (let i = 0, n = 1 + r.int(4); i < n; i++) {
    const row = target === 'enterprises' ? enterpriseRow(r, world) : recordRow(r, world);
    const breaker = r.pick(breakers);
    breaker.apply(row, r, world);
    names.push(breaker.name);
    rows.push(row);
  }
  let text =
    format === 'json' ? toJson(rows) : format === 'ndjson' ? rows.map(toJson).join('\n') + '\n' : toCsv(rows);
  let body: Buffer | undefined;
  let kind = `rows:${[...new Set(names)].join('+')}`;
  // About half the cases break the body itself instead.
  if (r.chance(0.5)) {
    const level = r.pick([
      'invalid-utf8',
      'truncated',
      'garbage',
      'wrong-content-type',
      'empty',
      format === 'json' ? 'not-an-array' : format === 'csv' ? 'bad-header' : 'not-objects',
      format === 'csv' ? 'broken-quotes' : 'deep-body',
      format === 'csv' ? 'large-bad-header' : 'trailing-garbage',
    ]);
    kind = `body:${level}`;
    switch (level) {
      case 'invalid-utf8':
        body = spliceInvalidUtf8(text, r);
        break;
      case 'truncated': {
        // Cut inside the first line: a JSON or NDJSON text that does not parse, or a CSV header alone
        // (a cut further on could drop the very cell that breaks a row and leave a good one).
        const firstLine = text.indexOf('\n');
        text = text.slice(0, 1 + r.int(Math.max(1, (firstLine === -1 ? text.length : firstLine) - 1)));
        break;
      }
      case 'garbage':
        text = r.pick([
          '{',
          '[{"uscc":',
          "[{'uscc':'x'}]",
          '[1,2,',
          'null',
          '\u0000',
          '\ufeff[',
          '[}]',
          '[{"a":1}}',
        ]);
        if (format === 'csv') text = r.pick(['"', '\u0000,\u0000\n\u0000', ',\n,', '"a""\n1']);
        break;
      case 'wrong-content-type':
        contentType = r.pick([
          'text/plain',
          'application/xml',
          '',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          'text/csv; charset=utf-16',
          'application/*',
          '*/*',
        ]);
        // A known media type with a foreign body: JSON never parses CSV text, and a one-line JSON
        // text read as CSV is a header without rows.
        if (contentType.startsWith('application/json')) text = toCsv(rows);
        if (contentType.startsWith('text/csv')) text = toJson(rows);
        break;
      case 'empty':
        text = r.pick(['', ' ', '\n', '\r\n\r\n']);
        break;
      case 'not-an-array':
        text = r.pick(['{}', 'null', '"rows"', '1', 'true', '{"uscc":"x"}', '[[]]', '[null]', '["a"]']);
        break;
      case 'not-objects':
        text = r.pick(['[]\n', '1\n2\n', '"x"\n', 'null\n', '[{"a":1}]\n']);
        break;
      case 'bad-header': {
        const [header, ...rest] = text.split('\n');
        const columns = header.split(',');
        const broken = r.pick([
          [...columns, columns[0]],
          [columns[0], '', ...columns.slice(1)],
          [...columns, ' '],
          [`${columns[0]}\u0000`, ...columns.slice(1)],
          [...columns, 'a..b'],
          [...columns, 'payload'],
        ]);
        text = [broken.join(','), ...rest].join('\n');
        break;
      }
      case 'large-bad-header': {
        const header = `uscc,name,uscc${r.chance(0.5) ? '' : ',,'}`;
        const line = `${r.pick(world.usccs)},${'名'.repeat(200)},x\n`;
        text = `${header}\n${line.repeat(Math.ceil((1.2 * 1024 * 1024) / Buffer.byteLength(line)))}`;
        break;
      }
      case 'broken-quotes':
        text = text.replace(/\n/, r.pick(['"\n', '\n"', 'x"y\n']));
        break;
      case 'deep-body':
        {
          const depth = r.pick([40, 5000, 100_000]);
          text =
            format === 'json'
              ? `[${'['.repeat(depth)}${']'.repeat(depth)}]`
              : `{"a":${'['.repeat(40)}${']'.repeat(40)}}\n`;
        }
        break;
      case 'trailing-garbage':
        text = `${text}${r.pick([',', '}', ']]', 'x', '\u0000'])}`;
        break;
    }
  }
  return {
    route,
    kind: `${target}/${format}:${kind}`,
    method: 'POST',
    path: `/api/v1/${target}${query}`,
    headers: contentType === '' ? {} : { 'content-type': contentType },
    body: body ?? Buffer.from(text),
  };
}

/** Body-level problems any JSON route must refuse before its handler runs. */
function badJsonBody(r: FuzzRandom): { kind: string; body: Buffer; contentType: string } {
  const level = r.pick([
    'malformed',
    'invalid-utf8',
    'deep',
    'nul-key',
    'wrong-content-type',
    'huge-integer',
  ]);
  switch (level) {
    case 'malformed':
      return {
        kind: level,
        contentType: 'application/json',
        body: Buffer.from(
          r.pick([
            '{',
            '{"a":',
            "{'a':1}",
            '[1,]',
            '{"a":1}}',
            'nul',
            '\ufeff{',
            '{"a":"\\x"}',
            '{"a":"\\ud800',
          ]),
        ),
      };
    case 'invalid-utf8':
      return {
        kind: level,
        contentType: 'application/json',
        body: spliceInvalidUtf8('{"reason":"取消原因","x":"yz"}', r),
      };
    case 'deep':
      return {
        kind: level,
        contentType: 'application/json',
        body: Buffer.from(deepJson(r.pick([40, 10_000]))),
      };
    case 'nul-key':
      return {
        kind: level,
        contentType: 'application/json',
        body: Buffer.from('{"\\u0000":1,"reason":"x\\u0000"}'),
      };
    case 'huge-integer':
      return {
        kind: level,
        contentType: 'application/json',
        body: Buffer.from(r.pick(['{"reason":1e400}', '{"x":123456789012345678901}', '[-1e999]'])),
      };
    default:
      return {
        kind: level,
        contentType: r.pick(['text/csv', 'application/x-ndjson', 'text/plain', 'application/xml']),
        body: Buffer.from('{"reason":"x"}'),
      };
  }
}

const deepJson = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

function inspectorsCase(r: FuzzRandom): Omit<FuzzCase, 'id'> {
  const route = 'POST /api/v1/inspectors';
  if (r.chance(0.3)) {
    const bad = badJsonBody(r);
    return {
      route,
      kind: `inspectors:body:${bad.kind}`,
      method: 'POST',
      path: '/api/v1/inspectors',
      headers: { 'content-type': bad.contentType },
      body: bad.body,
    };
  }
  const base = (): Row => ({
    id: `FZ-I-${r.int(1000)}`,
    name: '张三',
    department: '市场监管',
    regionCode: '350100',
    qualifications: ['food'],
    certified: true,
    conflictUsccs: [],
    relatedPersons: [],
    capacityPerPeriod: 10,
    active: true,
  });
  const breakers: [string, (row: Row) => void][] = [
    ['missing-id', (row) => delete row.id],
    ['nul', (row) => (row[r.pick(['id', 'name', 'department'])] = withNul(r))],
    ['lone-surrogate', (row) => (row[r.pick(['name', 'department'])] = withLone(r))],
    [
      'wrong-type',
      (row) => {
        const [field, values] = r.pick<[string, unknown[]]>([
          ['id', [{}, 12, null, []]],
          ['name', [{}, [], 12, true]],
          ['qualifications', ['food', 12, {}]],
          ['certified', ['yes', 12, {}]],
          ['capacityPerPeriod', ['many', {}, true, []]],
          ['active', ['no', {}, 3]],
          ['conflictUsccs', ['x', 12, {}]],
        ]);
        row[field] = r.pick(values);
      },
    ],
    [
      'huge-number',
      (row) =>
        (row.capacityPerPeriod = new Raw(r.pick(['123456789012345678901', '1e400', '-1', '1.5', '100001']))),
    ],
    ['bad-region', (row) => (row.regionCode = r.pick(['x', 'ABCDEF', '35-01']))],
    ['bad-uscc', (row) => (row.conflictUsccs = [r.pick(BAD_USCCS)])],
    ['long-string', (row) => (row[r.pick(['id', 'name'])] = longString(r))],
    ['deep', (row) => (row.qualifications = deepArray(40))],
  ];
  const rows: Row[] = [];
  const names: string[] = [];
  for (let i = 0, n = 1 + r.int(3); i < n; i++) {
    const row = base();
    const [name, apply] = r.pick(breakers);
    apply(row);
    names.push(name);
    rows.push(row);
  }
  const body = r.chance(0.1) ? rows[0] : rows;
  return {
    route,
    kind: `inspectors:${[...new Set(names)].join('+')}`,
    method: 'POST',
    path: '/api/v1/inspectors',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(toJson(body)),
  };
}

function planCase(r: FuzzRandom): Omit<FuzzCase, 'id'> {
  // The same body schema drives a plan and its preview (POST …/preview).
  const path = r.chance(0.3) ? '/api/v1/inspection-plans/preview' : '/api/v1/inspection-plans';
  const route = `POST ${path}`;
  if (r.chance(0.3)) {
    const bad = badJsonBody(r);
    return {
      route,
      kind: `plans:body:${bad.kind}`,
      method: 'POST',
      path,
      headers: { 'content-type': bad.contentType },
      body: bad.body,
    };
  }
  const plan: Row = {
    name: '2026 第一批双随机',
    window: { start: '2026-03-01', end: '2026-06-30' },
    scope: { regionPrefix: '3501' },
    items: [{ name: '食品安全', type: 'key', department: '市场监管', qualification: 'food' }],
    draw: 'undirected',
    ratioOverrides: {},
    seed: 'fuzz',
  };
  const breakers: [string, () => void][] = [
    [
      'bad-window-date',
      () =>
        ((plan.window as Row)[r.pick(['start', 'end'])] = r.pick(
          IMPOSSIBLE_DATES.filter((d) => d !== '9999-12-31'),
        )),
    ],
    ['window-reversed', () => (plan.window = { start: '2026-06-30', end: '2026-03-01' })],
    ['bad-tier', () => (plan.scope = { tiers: [r.pick(['Z', 'a', '', 'AA', '\u0000'])] })],
    [
      'bad-ratio',
      () =>
        (plan.ratioOverrides = {
          A: new Raw(r.pick(['5', '0', '-0.1', '1e400', '1.0000000000000002', '"x"'])),
        }),
    ],
    ['bad-draw', () => (plan.draw = r.pick(['sideways', '', 1, null]))],
    [
      'bad-items',
      () =>
        (plan.items = r.pick<unknown>([
          [],
          'x',
          [{ name: '' }],
          [{ name: 'a', type: 'odd' }],
          deepArray(40),
        ])),
    ],
    ['nul', () => (plan.name = withNul(r))],
    ['lone-surrogate', () => (plan.name = withLone(r))],
    [
      'bad-seed',
      () => (plan.seed = r.pick<unknown>([{}, [], new Raw('1e400'), new Raw('123456789012345678901')])),
    ],
    [
      'bad-per-task',
      () => (plan.inspectorsPerTask = new Raw(r.pick(['0', '-1', '1.5', '1e400', '123456789012345678901']))),
    ],
    [
      'bad-scope',
      () =>
        (plan.scope = r.pick<unknown>([
          'all',
          [],
          { regionPrefix: 3501 },
          { industries: 'C14' },
          { galaxy: 1 },
        ])),
    ],
  ];
  const [name, apply] = r.pick(breakers);
  apply();
  const body = r.chance(0.05) ? [plan] : plan;
  return {
    route,
    kind: `plans:${name}`,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(toJson(body)),
  };
}

const BAD_IDS = [
  'not-a-uuid',
  '%E0%A4%A',
  '%00',
  '%FF%FE',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-fffffffffff',
  '123',
  "1'%20OR%20'1'='1",
  '..%2F..%2Fhealth',
  'x'.repeat(5000),
  '%F0%9F%98%80',
  'e3b0c442-98fc-1c14-9afb-f4c8996fb924%00',
];

/** A UUID no task has, from the campaign's own randomness. */
function uuidFrom(r: FuzzRandom): string {
  const hex = Array.from({ length: 32 }, () => r.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function taskCase(r: FuzzRandom, world: FuzzWorld): Omit<FuzzCase, 'id'> {
  const action = r.pick(['start', 'result', 'publish', 'correction', 'cancel', 'legal-basis', 'inspectors']);
  const route = `POST /api/v1/inspection-tasks/:id/${action}`;
  // A bad id, with or without a body; or a real task with a bad body.
  if (r.chance(0.4)) {
    const id = r.chance(0.3) ? uuidFrom(r) : r.pick(BAD_IDS);
    return {
      route,
      kind: `tasks/${action}:bad-id`,
      method: 'POST',
      path: `/api/v1/inspection-tasks/${id}/${action}`,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{}'),
    };
  }
  const id = r.pick([world.tasks.assigned, world.tasks.inProgress, world.tasks.done]);
  const path = `/api/v1/inspection-tasks/${id}/${action}`;
  // start and publish take no body: only a body the parser must refuse keeps them from acting.
  if (action === 'start' || action === 'publish' || r.chance(0.3)) {
    const bad = badJsonBody(r);
    if (action === 'start' || action === 'publish') {
      // A foreign content type is not read by a route without a body, so it would act: use a broken JSON body.
      if (bad.kind === 'wrong-content-type')
        return {
          route,
          kind: `tasks/${action}:body:malformed`,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from('{"a":'),
        };
    }
    return {
      route,
      kind: `tasks/${action}:body:${bad.kind}`,
      method: 'POST',
      path,
      headers: { 'content-type': bad.contentType },
      body: bad.body,
    };
  }
  let body: unknown;
  let kind: string;
  if (action === 'result') {
    const result: Row = { outcome: 'compliant', findings: [], followUp: 'none' };
    const [name, apply] = r.pick<[string, () => void]>([
      ['bad-outcome', () => (result.outcome = r.pick(['great', '', 1, null, withNul(r)]))],
      [
        'bad-findings',
        () =>
          (result.findings = r.pick<unknown>(['x', [1], [withNul(r)], deepArray(40), ['x'.repeat(100_000)]])),
      ],
      ['lone-surrogate', () => (result.outcome = withLone(r))],
      ['not-object', () => undefined],
    ]);
    apply();
    kind = name;
    body = name === 'not-object' ? r.pick<unknown>([[], 'x', 1, null]) : result;
  } else if (action === 'correction') {
    const [name, value] = r.pick<[string, unknown]>([
      ['bad-action', { action: r.pick(['erase', '', 1]), reason: 'x' }],
      ['missing-reason', { action: 'withdraw' }],
      ['nul-reason', { action: 'withdraw', reason: withNul(r) }],
      ['bad-result', { action: 'correct', reason: 'x', result: { outcome: 'great' } }],
      ['not-object', r.pick<unknown>([[], 'x', 1, null])],
    ]);
    kind = name;
    body = value;
  } else if (action === 'inspectors') {
    const [name, value] = r.pick<[string, unknown]>([
      [
        'bad-inspector-ids',
        {
          inspectorIds: r.pick<unknown>([
            'INS-1',
            [1],
            [withNul(r)],
            [],
            deepArray(40),
            ['bad id', 'x'.repeat(65)],
          ]),
          reason: 'x',
        },
      ],
      ['missing-reason', { inspectorIds: ['INS-1', 'INS-2'] }],
      ['nul-reason', { inspectorIds: ['INS-1', 'INS-2'], reason: withNul(r) }],
      ['not-object', r.pick<unknown>([[], 'x', 1, null])],
    ]);
    kind = name;
    body = value;
  } else {
    const [name, value] = r.pick<[string, unknown]>([
      ['nul-reason', { reason: withNul(r) }],
      ['lone-surrogate-reason', { reason: withLone(r) }],
      ['wrong-type-reason', { reason: r.pick<unknown>([{}, [], 12, true]) }],
      ['deep-reason', { reason: deepArray(40) }],
    ]);
    kind = name;
    body = value;
  }
  return {
    route,
    kind: `tasks/${action}:${kind}`,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(toJson(body)),
  };
}

function assessmentRunCase(r: FuzzRandom): Omit<FuzzCase, 'id'> {
  const route = 'POST /api/v1/assessment-runs';
  if (r.chance(0.3)) {
    const bad = badJsonBody(r);
    return {
      route,
      kind: `runs:body:${bad.kind}`,
      method: 'POST',
      path: '/api/v1/assessment-runs',
      headers: { 'content-type': bad.contentType },
      body: bad.body,
    };
  }
  const [name, body] = r.pick<[string, unknown]>([
    ['bad-scope-type', { scope: { type: r.pick(['galaxy', '', 1, null]) } }],
    [
      'bad-prefix',
      { scope: { type: 'region', prefix: r.pick<unknown>([3301, '', 'abc', withNul(r), longString(r)]) } },
    ],
    [
      'bad-usccs',
      { scope: { type: 'uscc', usccs: r.pick<unknown>(['x', [1], [r.pick(BAD_USCCS)], [], deepArray(40)]) } },
    ],
    ['bad-as-of', { asOf: r.pick(IMPOSSIBLE_DATES.filter((d) => d !== '' && d !== '9999-12-31')) }],
    ['wrong-type', r.pick<unknown>([[], 'all', 1, { scope: 'all' }, { asOf: 20260101 }])],
    ['lone-surrogate', { scope: { type: 'industry', prefix: withLone(r) } }],
  ]);
  return {
    route,
    kind: `runs:${name}`,
    method: 'POST',
    path: '/api/v1/assessment-runs',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(toJson(body)),
  };
}

function auditCase(r: FuzzRandom): Omit<FuzzCase, 'id'> {
  const bad = badJsonBody(r);
  const kind = bad.kind === 'wrong-content-type' ? 'malformed' : bad.kind;
  return {
    route: 'POST /api/v1/audit/verifications',
    kind: `audit:body:${kind}`,
    method: 'POST',
    path: '/api/v1/audit/verifications',
    headers: { 'content-type': 'application/json' },
    body: bad.kind === 'wrong-content-type' ? Buffer.from('{"a":') : bad.body,
  };
}

/** A JSON body with one field broken (a wrong type, an impossible value, a missing required field). */
interface BodyRoute {
  route: string;
  path: (r: FuzzRandom, world: FuzzWorld) => string;
  valid: (world: FuzzWorld, r: FuzzRandom) => Row;
  /** Field (dotted) → values it must refuse; `undefined` removes a required field. */
  breakers: Record<string, unknown[]>;
}

const someUscc = (world: FuzzWorld, r: FuzzRandom) => r.pick(world.usccs);
const idPath = (base: string, action: string) => (r: FuzzRandom) =>
  `${base}/${r.chance(0.5) ? uuidFrom(r) : r.pick(BAD_IDS)}/${action}`;
const NOT_TEXT = [1, true, null, [], {}, ['x']];
const NOT_BOOLEAN = ['yes', 1, null, 'true', []];

/**
 * The write routes of supervision (issue #13), capital lights (issue #14) and credit repair (issue
 * #15). Ids in paths are unknown or malformed (no warning, enrolment or application exists in the
 * fuzz world), bodies have a broken field; ingestion rows of events and links are each broken.
 */
const BODY_ROUTES: BodyRoute[] = [
  {
    route: 'POST /api/v1/enterprises/:uscc/observation',
    path: (r, w) => `/api/v1/enterprises/${r.chance(0.2) ? r.pick(BAD_USCCS) : someUscc(w, r)}/observation`,
    valid: () => ({ action: 'start', reason: '试点', until: '2027-12-31' }),
    breakers: {
      action: ['begin', '', 1, undefined, null],
      reason: [...NOT_TEXT, undefined],
      until: ['2026-02-30', '2026-13-01', 'soon', 20271231],
    },
  },
  {
    route: 'POST /api/v1/sandbox-enrolments',
    path: () => '/api/v1/sandbox-enrolments',
    valid: (w, r) => ({
      uscc: someUscc(w, r),
      scope: '数据共享',
      licenceRef: '沙盒〔2026〕1号',
      start: '2026-12-01',
      end: '2027-11-30',
      conditions: ['每季度报送运行报告'],
    }),
    breakers: {
      uscc: [...BAD_USCCS.filter((u) => u !== ''), 1, undefined],
      scope: [...NOT_TEXT, undefined],
      licenceRef: [1, [], undefined],
      start: ['2026-02-30', 'tomorrow', 20261201, undefined],
      end: ['2027-13-01', undefined, '2026-11-30'],
      conditions: ['x', [1], [''], null],
    },
  },
  {
    route: 'POST /api/v1/sandbox-enrolments/:id/exit',
    path: idPath('/api/v1/sandbox-enrolments', 'exit'),
    valid: () => ({ reason: '条件未满足' }),
    breakers: { reason: [...NOT_TEXT, undefined], on: ['2026-02-30', 1] },
  },
  {
    route: 'POST /api/v1/enforcement/recommendations',
    path: () => '/api/v1/enforcement/recommendations',
    valid: (w, r) => ({
      uscc: someUscc(w, r),
      violation: {
        item: 'price-tag-missing',
        severity: 'minor',
        harm: 'minor',
        correctedInTime: true,
        occurredOn: '2026-11-20',
      },
    }),
    breakers: {
      uscc: [...BAD_USCCS.filter((u) => u !== ''), undefined],
      violation: [null, 'x', [], undefined],
      'violation.harm': ['huge', 1, undefined],
      'violation.correctedInTime': NOT_BOOLEAN,
      'violation.occurredOn': ['2026-02-30', '9999-99-99', 1],
      'violation.severity': ['fatal', null],
    },
  },
  {
    route: 'POST /api/v1/enforcement/measures',
    path: () => '/api/v1/enforcement/measures',
    valid: (w, r) => ({
      uscc: someUscc(w, r),
      item: 'price-tag-missing',
      measure: 'no_penalty',
      decidedOn: '2026-11-21',
      reason: '首违不罚',
    }),
    breakers: {
      uscc: [...BAD_USCCS.filter((u) => u !== ''), undefined],
      measure: ['jail', 1, undefined],
      decidedOn: ['2026-02-30', 'today', undefined],
      reason: [...NOT_TEXT, undefined],
      item: [1, [], undefined],
    },
  },
  {
    route: 'POST /api/v1/investment-events',
    path: () => '/api/v1/investment-events',
    valid: (w, r) => ({
      uscc: someUscc(w, r),
      kind: 'acquisition',
      targetName: '某公司',
      targetIndustryCode: 'C1521',
      occurredOn: '2026-11-01',
      source: 'fuzz',
      sourceRecordId: `FZ-E-${r.int(1000)}`,
    }),
    breakers: {
      uscc: [...BAD_USCCS.filter((u) => u !== ''), undefined],
      kind: ['takeover', 1, undefined],
      amount: ['-5', '1e400', 'abc'],
      occurredOn: ['2999-01-01', '2026-02-30', undefined],
      sourceRecordId: [undefined, 1, ''],
      targetName: [1, []],
    },
  },
  {
    route: 'POST /api/v1/ownership-links',
    path: () => '/api/v1/ownership-links',
    valid: (w) => ({
      parentUscc: w.usccs[0],
      childUscc: w.usccs[1],
      stakePercent: '60.00',
      from: '2020-01-01',
      source: 'fuzz',
      sourceRecordId: 'FZ-L-1',
    }),
    breakers: {
      parentUscc: [...BAD_USCCS.filter((u) => u !== ''), undefined],
      childUscc: [...BAD_USCCS.filter((u) => u !== ''), undefined],
      stakePercent: ['-1', '101', 'abc'],
      from: ['2026-02-30', 'yesterday', undefined],
      sourceRecordId: [undefined, 1],
    },
  },
  {
    route: 'POST /api/v1/merger-checks',
    path: () => '/api/v1/merger-checks',
    valid: () => ({
      parties: [
        { name: '甲', globalTurnover: '1500000000.00', chinaTurnover: '1500000000.00' },
        { name: '乙', globalTurnover: '1500000000.00', chinaTurnover: '1500000000.00' },
      ],
      date: '2024-01-22',
    }),
    breakers: {
      parties: [[], 'x', [1, 2], null, undefined],
      date: ['2024-02-30', 20240122, undefined],
    },
  },
  {
    route: 'POST /api/v1/investment-warnings/:id/acknowledge',
    path: idPath('/api/v1/investment-warnings', 'acknowledge'),
    valid: () => ({}),
    breakers: { note: [1] },
  },
  {
    route: 'POST /api/v1/investment-warnings/:id/assign',
    path: idPath('/api/v1/investment-warnings', 'assign'),
    valid: () => ({ assignee: 'inspector-1' }),
    breakers: { assignee: [...NOT_TEXT, undefined] },
  },
  {
    route: 'POST /api/v1/investment-warnings/:id/resolve',
    path: idPath('/api/v1/investment-warnings', 'resolve'),
    valid: () => ({ outcome: 'rectified', note: 'x' }),
    breakers: { outcome: ['maybe', 1, undefined], note: [...NOT_TEXT, undefined] },
  },
  {
    route: 'POST /api/v1/repair-applications',
    path: () => '/api/v1/repair-applications',
    valid: () => ({
      recordId: '1',
      evidence: { corrected: true, penaltyFulfilled: true, commitment: '承诺守法经营', attachments: [] },
    }),
    breakers: {
      recordId: ['0', '-1', 'x', 1, '99999999999999999999', undefined],
      evidence: [null, 'x', [], undefined],
      'evidence.corrected': NOT_BOOLEAN,
      'evidence.commitment': [1, [], undefined],
      'evidence.attachments': ['x', [1], null],
    },
  },
  {
    route: 'POST /api/v1/repair-applications/:id/decision',
    path: idPath('/api/v1/repair-applications', 'decision'),
    valid: () => ({ decision: 'approve', reason: '已整改' }),
    breakers: { decision: ['maybe', 1, undefined], reason: [...NOT_TEXT, undefined] },
  },
];

function setPath(row: Row, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let at = row;
  for (const k of keys.slice(0, -1)) at = at[k] as Row;
  const last = keys[keys.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
}

function bodyRouteCase(r: FuzzRandom, world: FuzzWorld): Omit<FuzzCase, 'id'> {
  const spec = r.pick(BODY_ROUTES);
  const path = spec.path(r, world);
  const ingestion =
    spec.route === 'POST /api/v1/investment-events' || spec.route === 'POST /api/v1/ownership-links';
  const idOnly = spec.route.includes(':id');
  if (r.chance(0.25)) {
    const bad = badJsonBody(r);
    return {
      route: spec.route,
      kind: `${spec.route.split(' ')[1]}:body:${bad.kind}`,
      method: 'POST',
      path,
      headers: { 'content-type': bad.contentType },
      body: bad.body,
    };
  }
  const row = spec.valid(world, r);
  const field = r.pick(Object.keys(spec.breakers));
  const value = r.pick(spec.breakers[field]);
  // An id route may take a sound body when its id is unknown or malformed: nothing exists to change.
  if (!(idOnly && r.chance(0.2))) setPath(row, field, value);
  const body = ingestion ? (r.chance(0.8) ? [row] : row) : row;
  return {
    route: spec.route,
    kind: `${spec.route.split(' ')[1]}:${field}`,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(toJson(body)),
  };
}

/** `count` bad cases from `seed`, spread over the write routes (ingestion, the most formats, gets half). */
export function* fuzzCases(seed: number, count: number, world: FuzzWorld): Generator<FuzzCase> {
  const root = new FuzzRandom(seed);
  for (let id = 1; id <= count; id++) {
    const r = root.fork();
    const pick = r.int(26);
    const made =
      pick >= 20
        ? bodyRouteCase(r, world)
        : pick < 5
          ? ingestionCase(r, world, 'enterprises')
          : pick < 10
            ? ingestionCase(r, world, 'records')
            : pick < 12
              ? inspectorsCase(r)
              : pick < 14
                ? planCase(r)
                : pick < 18
                  ? taskCase(r, world)
                  : pick < 19
                    ? assessmentRunCase(r)
                    : auditCase(r);
    yield { id, ...made };
  }
}

import { Role } from '@app/auth';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  parameters?: { name: string; in: string }[];
}
interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  additionalProperties?: unknown;
  description?: string;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** The routes meant to be open to anyone; every other route must refuse a caller without credentials. */
const PUBLIC_ROUTES = [
  'GET /health',
  'GET /api/v1/public/inspection-results',
  'GET /api/v1/public/inspection-verifications/{code}',
];
/** Action routes that take no body. */
const BODYLESS = [
  'POST /api/v1/inspection-tasks/{id}/start',
  'POST /api/v1/inspection-tasks/{id}/publish',
  'POST /api/v1/inspection-plans/{id}/verify',
  'POST /api/v1/assessment-runs/{id}/cancel',
  'POST /api/v1/assessment-runs/{id}/retry',
  'POST /api/v1/audit/verifications',
  'POST /api/v1/investment-warnings/{id}/acknowledge',
];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const SAMPLE: Record<string, string> = {
  id: '0193b1c2-7f7e-7c4e-9d0a-2f1e3c4b5a69',
  uscc: '91330106MA2000DA53',
  queue: 'inspection',
};

describe('the OpenAPI document: every route owned, documented and lint-clean', () => {
  let stack: Stack;
  let doc: Document;
  const operations: { key: string; path: string; method: string; op: Operation }[] = [];

  beforeAll(async () => {
    // The walk fails authentication on purpose on every route: lift the per-address limit of failures.
    const env = await TestEnv.create({ RATE_LIMIT_AUTH_FAILURES_PER_IP: '100000' });
    stack = await Stack.start({ worker: false, env });
    doc = (await stack.request<Document>('GET', '/docs-json')).body;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (op) operations.push({ key: `${method.toUpperCase()} ${path}`, path, method, op });
      }
    }
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('lists the routes of every controller', () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
    expect(operations.map((o) => o.key)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/me/tasks',
        'DELETE /api/v1/api-keys/{id}',
        'GET /api/v1/api-keys',
      ]),
    );
  });

  it('declares security on every route but the public ones, and those are exactly the public list', () => {
    const open = operations.filter((o) => !o.op.security?.length).map((o) => o.key);
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('refuses a caller without credentials, or with a forged token, on every non-public route', async () => {
    const forged = stack.token(Role.Admin).replace(/\.[^.]+$/, '.c2lnbmF0dXJlLWZvcmdlZA');
    const failures: string[] = [];
    for (const { key, path, method } of operations) {
      if (PUBLIC_ROUTES.includes(key)) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE[name] ?? 'x');
      for (const token of [undefined, forged]) {
        const res = await stack.request(method.toUpperCase(), url, {
          token,
          ...(method === 'get' || method === 'delete' ? {} : { body: {} }),
        });
        if (res.status !== 401) failures.push(`${key} (${token ? 'forged' : 'none'}) → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('documents a success response and error responses in the one error shape on every route', () => {
    const problems: string[] = [];
    for (const { key, op } of operations) {
      const statuses = Object.keys(op.responses);
      if (!statuses.some((s) => /^2\d\d$/.test(s))) problems.push(`${key}: no success response`);
      const errors = statuses.filter((s) => /^[45]\d\d$/.test(s));
      if (!errors.some((s) => s.startsWith('4'))) problems.push(`${key}: no 4xx response`);
      for (const s of errors) {
        const ref = op.responses[s].content?.['application/json']?.schema?.$ref;
        if (ref !== '#/components/schemas/ErrorResponseDto' && !(key === 'GET /health' && s === '503'))
          problems.push(`${key}: ${s} is not the error shape`);
      }
      if (!PUBLIC_ROUTES.includes(key) && !(statuses.includes('401') && statuses.includes('403')))
        problems.push(`${key}: 401/403 not documented`);
      const hasBody = ['POST', 'PUT', 'PATCH'].some((m) => key.startsWith(m));
      if (hasBody && !BODYLESS.includes(key) && !op.requestBody)
        problems.push(`${key}: no request body schema`);
    }
    expect(problems).toEqual([]);
  });

  it('gives every request body a schema of its own: fields named and typed, never an untyped body', () => {
    // A JSON body is the DTO class that validates it (a component schema, or a list of it); the
    // ingestion routes' rows are their JSON schemas. Either way a schema with properties.
    const resolve = (schema: Schema | undefined): Schema | undefined =>
      schema?.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    const described = (schema: Schema | undefined, depth = 0): boolean => {
      const s = resolve(schema);
      if (!s || depth > 8) return false;
      if (s.type === 'array') return described(s.items, depth + 1);
      if (s.oneOf?.length) return s.oneOf.every((o) => described(o, depth + 1));
      return Object.keys(s.properties ?? {}).length > 0;
    };
    // A field typed `boolean | null` or `unknown` in a DTO shows as a bare object: untyped too,
    // unless its description says it holds any JSON (a JSON Patch value, say).
    const untypedFields = (schema: Schema | undefined, at: string, depth = 0): string[] => {
      const s = resolve(schema);
      if (!s || depth > 8) return [];
      if (s.type === 'array') return untypedFields(s.items, `${at}[]`, depth + 1);
      if (s.oneOf) return s.oneOf.flatMap((o) => untypedFields(o, at, depth + 1));
      return Object.entries(s.properties ?? {}).flatMap(([name, field]) => {
        const bare =
          !field.$ref &&
          !field.oneOf &&
          !field.allOf &&
          !field.enum &&
          (!field.type || (field.type === 'object' && !field.properties && !field.additionalProperties)) &&
          !/any JSON/i.test(field.description ?? '');
        const inner = field.allOf ?? (field.$ref || field.items || field.oneOf ? [field] : []);
        return [
          ...(bare ? [`${at}.${name}`] : []),
          ...inner.flatMap((f) => untypedFields(f, `${at}.${name}`, depth + 1)),
        ];
      });
    };
    const problems: string[] = [];
    const checked: string[] = [];
    for (const { key, op } of operations) {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      for (const [type, media] of Object.entries(content ?? {})) {
        if (type !== 'application/json') continue;
        checked.push(key);
        if (!described(media.schema))
          problems.push(`${key}: the body is untyped (${JSON.stringify(media.schema)})`);
        for (const field of untypedFields(media.schema, 'body')) problems.push(`${key}: ${field} is untyped`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toEqual(
      expect.arrayContaining([
        'POST /api/v1/inspection-plans',
        'POST /api/v1/assessment-runs',
        'POST /api/v1/inspectors',
        'POST /api/v1/enterprises',
      ]),
    );
  });

  it('passes the Redocly linter (recommended rules) without an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const redocly = join(__dirname, '../../node_modules/.bin/redocly');
      const run = await promisify(execFile)(
        redocly,
        ['lint', '--extends=recommended', '--format=json', file],
        {
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          maxBuffer: 32 * 1024 * 1024,
        },
      ).catch((error: { stdout: string; stderr: string }) => error);
      const report = JSON.parse(run.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
      };
      const errors = report.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

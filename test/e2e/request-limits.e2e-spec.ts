import { Role } from '@app/auth';
import { request as httpRequest } from 'node:http';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';
import { rawRequest, repeatedLines } from '../support/raw-http';

const MiB = 1024 * 1024;
const errorShape = (statusCode: number, message: string | RegExp) => ({
  statusCode,
  error: statusCode === 413 ? 'Payload Too Large' : 'Bad Request',
  code: statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED',
  message: typeof message === 'string' ? message : expect.stringMatching(message),
  details: expect.any(Array),
  correlationId: expect.any(String),
});
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('resource limits before work: body size and JSON depth', () => {
  let stack: Stack;
  let regulator: string;
  beforeAll(async () => {
    // Real 1 MiB default for ordinary routes; small ingestion limits keep the streamed cases fast.
    stack = await Stack.start({
      worker: false,
      env: await TestEnv.create({
        INGEST_JSON_MAX_BYTES: String(128 * 1024),
        INGEST_MAX_BYTES: String(256 * 1024),
      }),
    });
    regulator = stack.token(Role.Regulator);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('refuses an 8 MiB body on a 1 MiB route with 413 naming the limit', async () => {
    const res = await rawRequest(stack.baseUrl, 'POST', '/api/v1/assessment-runs', {
      headers: {
        authorization: `Bearer ${regulator}`,
        'content-type': 'application/json',
        'content-length': String(8 * MiB),
        'x-correlation-id': 'big-1',
      },
      body: repeatedLines(' ', 8 * MiB),
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      ...errorShape(413, 'request body exceeds the limit of 1 MiB for this route'),
      details: [{ path: 'body', message: `at most ${MiB} bytes` }],
      correlationId: 'big-1',
    });
  });

  it('counts a chunked body without Content-Length and refuses it past the limit', async () => {
    const res = await rawRequest(stack.baseUrl, 'POST', '/api/v1/assessment-runs', {
      headers: { authorization: `Bearer ${regulator}`, 'content-type': 'application/json' },
      body: repeatedLines(' ', 2 * MiB),
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject(errorShape(413, 'request body exceeds the limit of 1 MiB for this route'));
  });

  it('survives a chunked upload abandoned half-way', async () => {
    const req = httpRequest(new URL('/api/v1/assessment-runs', stack.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${regulator}`, 'content-type': 'application/json' },
    });
    req.on('error', () => undefined);
    req.write(' '.repeat(100 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await stack.request('GET', '/api/v1/tiers/summary', { token: regulator });
    expect(next.status).toBe(200);
  });

  it('gives ingestion routes their own limits: JSON arrays and NDJSON/CSV streams', async () => {
    const ingest = stack.token(Role.Ingest);
    const json = await rawRequest(stack.baseUrl, 'POST', '/api/v1/enterprises', {
      headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/json' },
      body: repeatedLines(' ', 200 * 1024),
    });
    expect(json.status).toBe(413);
    expect(json.body).toMatchObject(
      errorShape(413, 'request body exceeds the limit of 128 KiB for this route'),
    );

    // A stream with no Content-Length: refused once 256 KiB have gone by, nothing stored.
    const line =
      '{"uscc":"91350100M000100Y43","type":"complaint","source":"12315","sourceRecordId":"C-1","severity":"low","occurredAt":"2026-08-21T19:30:00+08:00"}\n';
    const ndjson = await rawRequest(stack.baseUrl, 'POST', '/api/v1/records', {
      headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
      body: repeatedLines(line, 4 * MiB),
    });
    expect(ndjson.status).toBe(413);
    expect(ndjson.body).toMatchObject(
      errorShape(
        413,
        'request body exceeds the limit of 256 KiB for application/x-ndjson bodies on this route',
      ),
    );
    const csv = await rawRequest(stack.baseUrl, 'POST', '/api/v1/records', {
      headers: {
        authorization: `Bearer ${ingest}`,
        'content-type': 'text/csv',
        'content-length': String(300 * 1024),
      },
      body: repeatedLines('a,b\n', 300 * 1024),
    });
    expect(csv.status).toBe(413);
    expect(csv.body).toMatchObject(
      errorShape(413, 'request body exceeds the limit of 256 KiB for text/csv bodies on this route'),
    );
    const ds = await stack.env.dataSource();
    expect(await ds.query(`SELECT count(*)::int AS n FROM imports`)).toEqual([{ n: 0 }]);

    // Within the limits the routes work as before.
    const small = await stack.request('POST', '/api/v1/records', {
      token: ingest,
      raw: line,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(small.status).toBe(200);
  });

  it('refuses JSON nested deeper than 64 levels with 400, on ordinary and ingestion routes', async () => {
    const deep = await stack.request('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { scope: nested(65) },
    });
    expect(deep.status).toBe(400);
    expect(deep.body).toEqual({
      ...errorShape(400, 'JSON nested deeper than 64 levels'),
      details: [
        { path: 'body', message: expect.stringMatching(/^nested deeper than 64 levels at offset \d+$/) },
      ],
    });
    const ingestion = await stack.request('POST', '/api/v1/enterprises', {
      token: stack.token(Role.Ingest),
      body: [{ uscc: '91350100M000100Y43', tags: nested(64) }],
    });
    expect(ingestion.status).toBe(400);
    expect(ingestion.body).toMatchObject({ message: 'JSON nested deeper than 64 levels' });
    // 64 levels are parsed; the route's own validation answers.
    const fine = await stack.request('POST', '/api/v1/assessment-runs', {
      token: regulator,
      body: { scope: nested(63) },
    });
    expect(fine.status).toBe(400);
    expect(fine.body).not.toMatchObject({ message: 'JSON nested deeper than 64 levels' });
  });

  it('keeps refusing prototype poisoning and bad JSON in the error shape', async () => {
    const poisoned = await stack.request('POST', '/api/v1/assessment-runs', {
      token: regulator,
      raw: '{"__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(poisoned.status).toBe(400);
    expect(poisoned.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const broken = await stack.request('POST', '/api/v1/assessment-runs', {
      token: regulator,
      raw: '{"scope":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});

describe('default limits and security headers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ worker: false });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('refuses a JSON array over the default 64 MiB on an ingestion route from its Content-Length', async () => {
    const res = await rawRequest(stack.baseUrl, 'POST', '/api/v1/enterprises', {
      headers: {
        authorization: `Bearer ${stack.token(Role.Ingest)}`,
        'content-type': 'application/json',
        'content-length': String(64 * MiB + 1),
      },
      body: repeatedLines(' ', 64 * MiB + 1),
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject(
      errorShape(413, 'request body exceeds the limit of 64 MiB for this route'),
    );
  });

  const framing = (headers: Headers) => {
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  };

  it('sends nosniff and forbids framing everywhere, /docs included', async () => {
    for (const path of ['/health', '/docs', '/docs-json', '/api/v1/nowhere'])
      framing((await stack.request('GET', path)).headers);
  });

  it('serves a Swagger UI whose scripts and styles the CSP allows', async () => {
    const page = await stack.request<string>('GET', '/docs');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    // Every script is an external file from /docs (no inline script the CSP would block), and loads.
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const sources = [...page.body.matchAll(/<script src=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    for (const src of sources) {
      const asset = await stack.request('GET', new URL(src, `${stack.baseUrl}/docs`).pathname);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    }
    const styles = [...page.body.matchAll(/<link[^>]+href=["']([^"']+\.css)["']/g)].map((m) => m[1]);
    for (const href of styles) {
      expect((await stack.request('GET', new URL(href, `${stack.baseUrl}/docs`).pathname)).status).toBe(200);
    }
  });

  it('marks every authenticated response no-store, errors included, and leaves public ones cacheable', async () => {
    const token = stack.token(Role.Regulator);
    const ok = await stack.request('GET', '/api/v1/tiers/summary', { token });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const missing = await stack.request('GET', '/api/v1/enterprises/91350100M000100Y43', { token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    const anonymous = await stack.request('GET', '/api/v1/tiers/summary');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const pub = await stack.request('GET', '/api/v1/public/inspection-results');
    expect(pub.status).toBe(200);
    expect(pub.headers.get('cache-control')).not.toBe('no-store');
    const pubWithToken = await stack.request('GET', '/api/v1/public/inspection-results', { token });
    expect(pubWithToken.headers.get('cache-control')).toBe('no-store');
    framing(ok.headers);
  });
});

import { Role } from '@app/auth';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../support/stack';
import { TestEnv } from '../support/test-env';

const SHIPPED = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'rules', 'tiering', '2026.1.json'), 'utf8'),
) as Record<string, unknown>;

describe("the web console's routes: development sign-in and the editor's validation", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ worker: false, env: await TestEnv.create({ AUTH_DEV_LOGIN: 'true' }) });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('signs a persona in with a built-in token the api then accepts, with the checks of every token', async () => {
    const login = await stack.request<{ token: string; subject: string; roles: string[]; regions: string[] }>(
      'POST',
      '/api/v1/dev/login',
      { body: { persona: 'regulator', region: '35' } },
    );
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ subject: 'dev:regulator', roles: ['regulator'], regions: ['35'] });
    const summary = await stack.request('GET', '/api/v1/tiers/summary', { token: login.body.token });
    expect(summary.status).toBe(200);
    // The token's region is enforced like any other: a prefix outside it is 403 naming it.
    const outside = await stack.request<{ message: string }>('GET', '/api/v1/tiers/summary?region=33', {
      token: login.body.token,
    });
    expect(outside.status).toBe(403);

    const noUscc = await stack.request<{ message: string }>('POST', '/api/v1/dev/login', {
      body: { persona: 'enterprise' },
    });
    expect(noUscc.status).toBe(400);
    expect(noUscc.body.message).toMatch(/enterprise token needs the enterprise uscc/);
    const badPersona = await stack.request<{ details: { path: string }[] }>('POST', '/api/v1/dev/login', {
      body: { persona: 'admin' },
    });
    expect(badPersona.status).toBe(400);
    expect(badPersona.body.details.map((d) => d.path)).toEqual(['persona']);
  });

  it('checks a document for the editor without storing it: problems with their paths, or warnings and scenarios', async () => {
    const author = stack.token(Role.RuleAuthor);
    const before = await stack.request<{ total: number }>('GET', '/api/v1/rule-sets/tiering/versions', {
      token: author,
    });
    const good = await stack.request<{ problems: unknown[]; scenarios: { passed: number; total: number } }>(
      'POST',
      '/api/v1/rule-sets/tiering/validate',
      { token: author, body: { document: SHIPPED } },
    );
    expect(good.status).toBe(200);
    expect(good.body.problems).toEqual([]);
    expect(good.body.scenarios.passed).toBe(good.body.scenarios.total);

    const bad = await stack.request<{ problems: { path: string; message: string }[]; scenarios: null }>(
      'POST',
      '/api/v1/rule-sets/frequency/validate',
      { token: stack.token(Role.RuleApprover), body: { document: { ...SHIPPED, version: '' } } },
    );
    expect(bad.status).toBe(200);
    expect(bad.body.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['kind', 'version']));
    expect(bad.body.scenarios).toBeNull();

    expect(
      (
        await stack.request('POST', '/api/v1/rule-sets/tiering/validate', {
          token: stack.token(Role.Regulator),
          body: { document: SHIPPED },
        })
      ).status,
    ).toBe(403);
    const after = await stack.request<{ total: number }>('GET', '/api/v1/rule-sets/tiering/versions', {
      token: author,
    });
    expect(after.body.total).toBe(before.body.total);
  });
});

describe('without AUTH_DEV_LOGIN', () => {
  it('has no development sign-in route at all', async () => {
    const stack = await Stack.start({ worker: false });
    try {
      const res = await stack.request<{ code: string }>('POST', '/api/v1/dev/login', {
        body: { persona: 'regulator' },
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    } finally {
      await stack.stop();
    }
  });
});

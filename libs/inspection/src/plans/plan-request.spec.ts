import { DomainError } from '@app/domain';
import { validateAs } from '@app/http';
import { checkedPlanRequest, planRequestOf } from './plan-request';
import { CreatePlanDto } from './plan.dto';

const plan = (extra: Record<string, unknown> = {}) => ({
  name: ' 2026 第一批 ',
  window: { start: '2026-06-01', end: '2026-06-30' },
  items: [{ name: '食品安全', type: 'general', department: '食品经营处' }],
  ...extra,
});

/** The problems CreatePlanDto names, as the ValidationPipe would (same class, same options). */
function problems(body: unknown) {
  const checked = validateAs(CreatePlanDto, body, '');
  return checked.ok ? [] : checked.problems;
}

describe('CreatePlanDto', () => {
  it('takes a minimal plan, with its defaults', () => {
    expect(checkedPlanRequest(plan())).toEqual({
      name: '2026 第一批',
      window: { start: '2026-06-01', end: '2026-06-30' },
      scope: {},
      items: [{ name: '食品安全', type: 'general', department: '食品经营处' }],
      draw: 'undirected',
      ratioOverrides: {},
      joinOverlapping: false,
    });
    expect(
      checkedPlanRequest(plan({ scope: null, ratioOverrides: null, inspectorsPerTask: null })),
    ).toMatchObject({
      scope: {},
      ratioOverrides: {},
    });
  });

  it.each<[string, Record<string, unknown>, { path: string; message: string }[]]>([
    [
      'a date not in the calendar',
      { window: { start: '2026-06-01', end: '2026-06-31' } },
      [{ path: 'window.end', message: 'must be a real calendar date YYYY-MM-DD (from 1900)' }],
    ],
    [
      'a window that ends before it starts',
      { window: { start: '2026-06-30', end: '2026-06-01' } },
      [{ path: 'window.end', message: 'must not be before window.start' }],
    ],
    [
      'no window',
      { window: undefined },
      [{ path: 'window', message: 'must be an object with start and end' }],
    ],
    ['a null draw', { draw: null }, [{ path: 'draw', message: 'must be directed or undirected' }]],
    ['a blank name', { name: '  ' }, [{ path: 'name', message: 'must be a text of 1-200 characters' }]],
    ['no items', { items: [] }, [{ path: 'items', message: 'must be a list of 1-100 inspection items' }]],
    [
      'items as text',
      { items: 'x' },
      [{ path: 'items', message: 'must be a list of 1-100 inspection items' }],
    ],
    [
      'an item that is not an object',
      { items: [[[]]] },
      [{ path: 'items[0]', message: 'must be an object' }],
    ],
    [
      'an item of an odd type',
      { items: [{ name: 'a', type: 'odd', department: 'd', extra: 1 }] },
      [
        { path: 'items[0].extra', message: 'is not a known field (name, type, department, qualification)' },
        { path: 'items[0].type', message: 'must be key or general' },
      ],
    ],
    ['a scope that is text', { scope: 'all' }, [{ path: 'scope', message: 'must be an object' }]],
    [
      'a numeric region prefix',
      { scope: { regionPrefix: 3501 } },
      [{ path: 'scope.regionPrefix', message: 'must be 1-6 digits' }],
    ],
    [
      'industries as text',
      { scope: { industries: 'C14' } },
      [{ path: 'scope.industries', message: 'must be a non-empty list (at most 500)' }],
    ],
    [
      'a bad tier of the list',
      { scope: { tiers: ['C', 'a'] } },
      [{ path: 'scope.tiers[1]', message: 'must be a tier letter' }],
    ],
    [
      'an unknown scope field',
      { scope: { galaxy: 1 } },
      [{ path: 'scope.galaxy', message: 'is not a known field (regionPrefix, industries, tiers, tag)' }],
    ],
    [
      'bad ratio overrides',
      { ratioOverrides: { C: 0.3, D: 5, x: 0.1 } },
      [
        { path: 'ratioOverrides.D', message: 'must be a ratio above 0 and at most 1' },
        { path: 'ratioOverrides.x', message: 'must be a tier letter' },
      ],
    ],
    [
      'ratio overrides as a list',
      { ratioOverrides: [] },
      [{ path: 'ratioOverrides', message: 'must be an object of tier → ratio' }],
    ],
    [
      'a seed of an object',
      { seed: {} },
      [{ path: 'seed', message: expect.stringMatching(/^must be 1–128 characters/) }],
    ],
    [
      'a null seed',
      { seed: null },
      [{ path: 'seed', message: expect.stringMatching(/^must be 1–128 characters/) }],
    ],
    [
      'no inspector per visit',
      { inspectorsPerTask: 0 },
      [{ path: 'inspectorsPerTask', message: 'must be a whole number 1-10' }],
    ],
    [
      'a fraction of inspectors',
      { inspectorsPerTask: 2.5 },
      [{ path: 'inspectorsPerTask', message: 'must be a whole number 1-10' }],
    ],
    [
      'an unknown field',
      { galaxy: 1 },
      [{ path: 'galaxy', message: expect.stringMatching(/^is not a known field \(name, window, scope/) }],
    ],
  ])('refuses %s, naming the field once', (_, extra, expected) => {
    expect(problems(plan(extra))).toEqual(expected);
  });

  it('refuses a body that is not an object', () => {
    expect(problems([plan()])).toEqual([{ path: 'body', message: 'must be an object' }]);
  });
});

describe('planRequestOf', () => {
  it('refuses a directed draw that names no category, after the shape is right', () => {
    const dto = validateAs(CreatePlanDto, plan({ draw: 'directed', scope: { regionPrefix: '33' } }), '');
    expect(dto.ok && planRequestOf(dto.value)).toEqual({
      ok: false,
      problems: [
        {
          path: 'scope',
          message: 'a directed draw (定向) names its category: scope.tag or scope.industries',
        },
      ],
    });
    expect(() => checkedPlanRequest(plan({ draw: 'directed' }))).toThrow(DomainError);
    expect(checkedPlanRequest(plan({ draw: 'directed', scope: { tag: 'food' } })).draw).toBe('directed');
  });

  it('takes a CreatePlanDto the pipe already checked as it is', () => {
    const dto = validateAs(CreatePlanDto, plan({ seed: 'abc' }), '');
    expect(dto.ok && checkedPlanRequest(dto.value).seed).toBe('abc');
  });
});

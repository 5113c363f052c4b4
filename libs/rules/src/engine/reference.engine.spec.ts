import { Engine, type RuleProperties, type RuleResult } from 'json-rules-engine';
import { createReferenceEvaluator } from './reference.engine';

const gt = (fact: string, value: number, priority?: number) => ({
  fact,
  operator: 'greaterThan',
  value,
  ...(priority === undefined ? {} : { priority }),
});

const rule = (name: string, conditions: Record<string, unknown>, priority?: number) => ({
  name,
  ...(priority === undefined ? {} : { priority }),
  conditions,
  event: { type: name, params: { rule: name } },
});

describe('createReferenceEvaluator', () => {
  it('reports fired rules with their name, priority (default 1) and event, highest priority first', async () => {
    const evaluator = createReferenceEvaluator([
      rule('low', { all: [gt('x', 0)] }),
      rule('high', { all: [gt('x', 0)] }, 5),
      rule('never', { all: [gt('x', 100)] }, 9),
    ]);
    expect(evaluator.kind).toBe('reference');
    expect(await evaluator.evaluate({ x: 1 })).toEqual([
      { name: 'high', priority: 5, event: { type: 'high', params: { rule: 'high' } } },
      { name: 'low', priority: 1, event: { type: 'low', params: { rule: 'low' } } },
    ]);
  });

  describe('order within one priority (evidence for the model in rule.compiler.ts)', () => {
    it('is the order the rules finish in, not the order they were added', async () => {
      // `slow` evaluates two condition priority groups one after the other, `fast` a single condition.
      const rules = [
        rule('slow', { all: [gt('x', 0, 2), gt('x', 0, 1)] }),
        rule('fast', { all: [gt('x', 0)] }),
      ];
      const fired = await createReferenceEvaluator(rules).evaluate({ x: 1 });
      expect(fired.map((f) => f.name)).toEqual(['fast', 'slow']);
    });

    it('keeps the order of addition for rules that take equally long', async () => {
      const rules = ['c', 'a', 'b'].map((name) => rule(name, { any: [gt('x', 0), gt('y', 0)] }));
      const fired = await createReferenceEvaluator(rules).evaluate({ x: 1, y: 1 });
      expect(fired.map((f) => f.name)).toEqual(['c', 'a', 'b']);
    });

    it('depends on the facts: a short-circuit makes a rule finish earlier', async () => {
      const rules = [
        // `any` in two condition groups: when x > 0 settles the first group, the second is skipped.
        rule('first', { any: [gt('x', 0, 2), gt('y', 0, 1)] }),
        rule('second', { all: [{ all: [gt('z', 0), gt('z', 0)] }, gt('z', 0)] }),
      ];
      const evaluator = createReferenceEvaluator(rules);
      expect((await evaluator.evaluate({ x: 1, y: 1, z: 1 })).map((f) => f.name)).toEqual([
        'first',
        'second',
      ]);
      expect((await evaluator.evaluate({ x: 0, y: 1, z: 1 })).map((f) => f.name)).toEqual([
        'second',
        'first',
      ]);
    });

    it('is the same order in run() results and in the success events', async () => {
      const rules = [
        rule('slow', { all: [gt('x', 0, 2), gt('x', 0, 1)] }),
        rule('fast', { all: [gt('x', 0)] }),
        rule('mid', { not: { all: [gt('x', 5)] } }),
      ];
      const engine = new Engine(rules as unknown as RuleProperties[], { allowUndefinedFacts: true });
      const emitted: string[] = [];
      engine.on('success', (_event, _almanac, result: RuleResult) => {
        emitted.push(result.name);
      });
      const { results, events } = await engine.run({ x: 1 });
      expect(emitted).toEqual(['fast', 'mid', 'slow']);
      expect(results.map((r) => r.name)).toEqual(emitted);
      expect(events.map((e) => e.type)).toEqual(emitted);
    });
  });

  it('needs an Engine per run: one shared Engine silently skips rules of overlapping runs', async () => {
    const rules = [
      rule('p3', { all: [gt('x', 0)] }, 3),
      rule('p2', { all: [gt('x', 0)] }, 2),
      rule('p1', { all: [gt('x', 0)] }, 1),
    ];
    const shared = new Engine(structuredClone(rules) as unknown as RuleProperties[], {
      allowUndefinedFacts: true,
    });
    const evaluator = createReferenceEvaluator(rules);
    let sharedSkipped = false;
    // Start a second run a little after the first: when the first finishes it sets the engine-wide
    // status to FINISHED and the second run resolves its remaining priority groups as skipped.
    for (let delay = 0; delay < 60 && !sharedSkipped; delay++) {
      const first = shared.run({ x: 1 });
      for (let i = 0; i < delay; i++) await Promise.resolve();
      const second = shared.run({ x: 1 });
      const [a, b] = await Promise.all([first, second]);
      sharedSkipped = a.results.length < 3 || b.results.length < 3;
    }
    expect(sharedSkipped).toBe(true);
    const runs = await Promise.all(Array.from({ length: 50 }, async () => evaluator.evaluate({ x: 1 })));
    for (const fired of runs) expect(fired.map((f) => f.name)).toEqual(['p3', 'p2', 'p1']);
  });

  it('treats a missing fact as undefined (allowUndefinedFacts)', async () => {
    const evaluator = createReferenceEvaluator([
      rule('equal-undefined', { all: [{ fact: 'missing', operator: 'equal', value: undefined }] }),
      rule('equal-null', { all: [{ fact: 'missing', operator: 'equal', value: null }] }),
      rule('not-equal', { all: [{ fact: 'missing', operator: 'notEqual', value: 5 }] }),
      rule('greater', { all: [{ fact: 'missing', operator: 'greaterThan', value: -1 }] }),
      rule('less', { all: [{ fact: 'missing', operator: 'lessThan', value: 1 }] }),
      rule('in-null', { all: [{ fact: 'missing', operator: 'in', value: [null] }] }),
      rule('not-in', { all: [{ fact: 'missing', operator: 'notIn', value: [1] }] }),
      rule('contains', { all: [{ fact: 'missing', operator: 'doesNotContain', value: 1 }] }),
      rule('path', { all: [{ fact: 'missing', path: '$.a', operator: 'equal', value: undefined }] }),
    ]);
    expect((await evaluator.evaluate({})).map((f) => f.name)).toEqual([
      'equal-undefined',
      'not-equal',
      'not-in',
      'path',
    ]);
  });

  it('compares a non-object fact as it is, path or not', async () => {
    const evaluator = createReferenceEvaluator([
      rule('number-with-path', { all: [{ fact: 'n', path: '$.a', operator: 'equal', value: 5 }] }),
      rule('null-with-path', { all: [{ fact: 'z', path: '$.a', operator: 'equal', value: null }] }),
    ]);
    expect((await evaluator.evaluate({ n: 5, z: null })).map((f) => f.name)).toEqual([
      'number-with-path',
      'null-with-path',
    ]);
  });

  it('rejects when json-rules-engine does (in against a non-list)', async () => {
    const evaluator = createReferenceEvaluator([
      rule('bad', { all: [{ fact: 'x', operator: 'in', value: 5 }] }),
    ]);
    await expect(evaluator.evaluate({ x: 1 })).rejects.toThrow(TypeError);
  });

  it('throws on a rule set json-rules-engine rejects', () => {
    expect(() => createReferenceEvaluator([{ name: 'r', conditions: { all: [] } }])).toThrow(/event/);
    expect(() => createReferenceEvaluator([{ ...rule('r', { all: [] }), priority: '0' }])).toThrow(
      /Priority/,
    );
    expect(() => createReferenceEvaluator([rule('r', { fact: 'x', operator: 'equal', value: 1 })])).toThrow(
      /"conditions" root/,
    );
  });

  it('does not modify the rules it is given', async () => {
    const rules = [rule('r', { all: [{ fact: 'x', operator: 'equal', value: 1, priority: '2' }] })];
    const before = structuredClone(rules);
    await createReferenceEvaluator(rules).evaluate({ x: 1 });
    expect(rules).toEqual(before);
  });
});

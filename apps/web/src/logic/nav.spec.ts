import { homeOf, mayOpen, menuOf } from './nav';

describe('the menu of each persona', () => {
  it('lands each persona on its first screen (CONSOLE.md)', () => {
    expect(homeOf('regulator')).toBe('/dashboard');
    expect(homeOf('inspector')).toBe('/my-tasks');
    expect(homeOf('rule_author')).toBe('/rules');
    expect(homeOf('rule_approver')).toBe('/rules');
    expect(homeOf('enterprise')).toBe('/my-tier');
    expect(homeOf(null)).toBe('/signin');
  });

  it('offers only what the role may open, pages below a menu entry included', () => {
    expect(mayOpen('regulator', '/enterprises/91350102MA2185DF48')).toBe(true);
    expect(mayOpen('rule_approver', '/rules/tiering/2027.1')).toBe(true);
    expect(mayOpen('rule_approver', '/dashboard')).toBe(false);
    expect(mayOpen('enterprise', '/enterprises/91330106MA2000DA53')).toBe(false);
    expect(mayOpen('inspector', '/tasks')).toBe(false);
    expect(mayOpen('regulator', '/warnings')).toBe(true);
    expect(mayOpen('regulator', '/repairs')).toBe(true);
    expect(mayOpen('rule_author', '/repairs')).toBe(false);
    expect(mayOpen('enterprise', '/warnings')).toBe(false);
    expect(menuOf('enterprise').map((m) => m.path)).toEqual(['/my-tier', '/my-credit', '/public']);
  });
});

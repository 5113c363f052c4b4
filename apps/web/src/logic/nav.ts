// What each persona sees in the side menu and where it lands. The server stays the only guard:
// this only hides what a role could not open anyway.

export type Persona = 'regulator' | 'inspector' | 'rule_author' | 'rule_approver' | 'enterprise';

export interface NavItem {
  /** The route path. */
  path: string;
  /** The i18n key of its label. */
  label: string;
}

const REGULATOR: NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard' },
  { path: '/enterprises', label: 'nav.enterprises' },
  { path: '/warnings', label: 'nav.warnings' },
  { path: '/repairs', label: 'nav.repairs' },
  { path: '/imports', label: 'nav.imports' },
  { path: '/plans', label: 'nav.plans' },
  { path: '/tasks', label: 'nav.tasks' },
  { path: '/rules', label: 'nav.rules' },
  { path: '/public', label: 'nav.public' },
];

const MENUS: Record<Persona, NavItem[]> = {
  regulator: REGULATOR,
  inspector: [
    { path: '/my-tasks', label: 'nav.myTasks' },
    { path: '/public', label: 'nav.public' },
  ],
  rule_author: [
    { path: '/rules', label: 'nav.rules' },
    { path: '/enterprises', label: 'nav.enterprises' },
  ],
  rule_approver: [{ path: '/rules', label: 'nav.rules' }],
  enterprise: [
    { path: '/my-tier', label: 'nav.myTier' },
    { path: '/my-credit', label: 'nav.myCredit' },
    { path: '/public', label: 'nav.public' },
  ],
};

export function menuOf(persona: Persona | null): NavItem[] {
  return persona ? MENUS[persona] : [{ path: '/public', label: 'nav.public' }];
}

/** The first screen of a persona (CONSOLE.md: regulator → dashboard, inspector → my tasks …). */
export function homeOf(persona: Persona | null): string {
  return persona ? MENUS[persona][0].path : '/signin';
}

/** Whether a persona's menu offers a path (or a page below it, e.g. /enterprises/:uscc). */
export function mayOpen(persona: Persona | null, path: string): boolean {
  return menuOf(persona).some((item) => path === item.path || path.startsWith(`${item.path}/`));
}

import { DomainError, ErrorCode, ErrorDetail } from '../errors/domain-error';

/**
 * The life of a rule-set version: draft → approved → scheduled (published with an effectiveFrom)
 * → in_force → retired; a scheduled version may be withdrawn before it takes effect. Versions that
 * were ever published (scheduled, in_force, retired) count for "the version in force on a date";
 * drafts, approved and withdrawn versions never do.
 */
export const RULE_SET_STATUSES = [
  'draft',
  'approved',
  'scheduled',
  'in_force',
  'retired',
  'withdrawn',
] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

/** The statuses of published versions: the ones that decide what was in force on a date. */
export const PUBLISHED_RULE_SET_STATUSES: readonly RuleSetStatus[] = ['scheduled', 'in_force', 'retired'];

export const RULE_SET_ACTIONS = ['edit', 'approve', 'publish', 'withdraw', 'activate', 'retire'] as const;
export type RuleSetAction = (typeof RULE_SET_ACTIONS)[number];

const TRANSITIONS: Record<RuleSetAction, { from: readonly RuleSetStatus[]; to: RuleSetStatus }> = {
  edit: { from: ['draft'], to: 'draft' },
  approve: { from: ['draft'], to: 'approved' },
  publish: { from: ['approved'], to: 'scheduled' },
  withdraw: { from: ['scheduled'], to: 'withdrawn' },
  activate: { from: ['scheduled'], to: 'in_force' },
  retire: { from: ['in_force', 'scheduled'], to: 'retired' },
};

/** The status after an action, or a Conflict naming the status and what is allowed from it. */
export function nextRuleSetStatus(current: RuleSetStatus, action: RuleSetAction): RuleSetStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    const allowed = RULE_SET_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(current));
    throw new DomainError(ErrorCode.Conflict, `cannot ${action} a ${current} rule-set version`, [
      {
        path: 'status',
        message: `${current}: ${allowed.length > 0 ? `allowed ${allowed.join(', ')}` : 'final, nothing allowed'}`,
      },
    ]);
  }
  return rule.to;
}

/** What an approval looks at. */
export interface ApprovalCandidate {
  status: RuleSetStatus;
  author: string;
  /** Whoever else edited the draft: they may not approve it either. */
  editors: readonly string[];
  /** Validator problems of the document. */
  problems: readonly ErrorDetail[];
  /** Scenario tests that failed (name and why); absent when the scenarios could not run. */
  failedScenarios: readonly { name: string; message?: string }[] | null;
}

/**
 * Four eyes and a clean document: a draft is approved by someone other than its author and its
 * editors, and only when it has no problems and every scenario passes. Throws a Conflict listing
 * every reason.
 */
export function assertApprovable(candidate: ApprovalCandidate, approver: string): void {
  nextRuleSetStatus(candidate.status, 'approve');
  const reasons: ErrorDetail[] = [];
  if (candidate.author === approver) {
    reasons.push({
      path: 'approver',
      message: `${approver} wrote this draft; another approver must approve it`,
    });
  } else if (candidate.editors.includes(approver)) {
    reasons.push({
      path: 'approver',
      message: `${approver} edited this draft; another approver must approve it`,
    });
  }
  for (const p of candidate.problems) reasons.push({ path: documentPath(p.path), message: p.message });
  if (candidate.failedScenarios === null && candidate.problems.length === 0) {
    reasons.push({ path: 'tests', message: 'the scenario tests did not run' });
  }
  for (const s of candidate.failedScenarios ?? []) {
    reasons.push({ path: `tests[${JSON.stringify(s.name)}]`, message: s.message ?? 'failed' });
  }
  if (reasons.length > 0) {
    throw new DomainError(
      ErrorCode.Conflict,
      `the version cannot be approved: ${reasons.length} reason(s), first: ${reasons[0].message}`,
      reasons,
    );
  }
}

/** A version may be withdrawn only while scheduled and before its effectiveFrom. */
export function assertWithdrawable(status: RuleSetStatus, effectiveFrom: Date | null, now: Date): void {
  nextRuleSetStatus(status, 'withdraw');
  if (effectiveFrom && effectiveFrom.getTime() <= now.getTime()) {
    throw new DomainError(ErrorCode.Conflict, 'the version has already taken effect; roll back instead', [
      {
        path: 'effectiveFrom',
        message: `${effectiveFrom.toISOString()} is not after now (${now.toISOString()})`,
      },
    ]);
  }
}

/**
 * Of the published versions of one kind, which are due at `now` and what becomes of them: the
 * latest due one is in force, every other one due or in force before it is retired. Pure: the
 * activation job applies it. Returns nothing to do when no scheduled version is due.
 */
export function settleActivation<T extends { id: string; status: RuleSetStatus; effectiveFrom: Date }>(
  versions: readonly T[],
  now: Date,
): { activate: T; retire: T[] } | undefined {
  const due = versions
    .filter((v) => v.status === 'scheduled' && v.effectiveFrom.getTime() <= now.getTime())
    .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  const activate = due.at(-1);
  if (!activate) return undefined;
  const retire = versions.filter(
    (v) =>
      v.id !== activate.id &&
      (v.status === 'in_force' || v.status === 'scheduled') &&
      v.effectiveFrom.getTime() < activate.effectiveFrom.getTime(),
  );
  return { activate, retire };
}

/** A validator path (`rules[0].event`, or '' for the whole document) as a path of the request. */
export function documentPath(path: string): string {
  if (path === '' || path === '$') return 'document';
  return path.startsWith('[') ? `document${path}` : `document.${path}`;
}

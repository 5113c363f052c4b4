import { ErrorDetail } from '@app/domain';

export const OUTCOMES = ['compliant', 'issues_found', 'not_found_at_address', 'closed'] as const;
export type InspectionOutcome = (typeof OUTCOMES)[number];

/** What the inspectors found (POST /inspection-tasks/:id/result). */
export interface TaskResult {
  outcome: InspectionOutcome;
  findings: string[];
  followUp: string | null;
}

/** Checks a result body; every problem is named by its field. */
export function parseTaskResult(
  input: unknown,
): { ok: true; result: TaskResult } | { ok: false; problems: ErrorDetail[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ path: 'body', message: 'must be an object with outcome, findings, followUp' }],
    };
  }
  const raw = input as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  for (const key of Object.keys(raw)) {
    if (!['outcome', 'findings', 'followUp'].includes(key)) {
      problems.push({ path: key, message: 'is not a field of a result (outcome, findings, followUp)' });
    }
  }
  if (typeof raw.outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(raw.outcome)) {
    problems.push({ path: 'outcome', message: `must be one of ${OUTCOMES.join(', ')}` });
  }
  const findings = raw.findings ?? [];
  if (!Array.isArray(findings) || findings.length > 200) {
    problems.push({ path: 'findings', message: 'must be a list of at most 200 findings' });
  } else {
    findings.forEach((f, i) => {
      if (typeof f !== 'string' || f.trim().length === 0 || f.length > 2000) {
        problems.push({ path: `findings[${i}]`, message: 'must be a text of 1-2000 characters' });
      }
    });
  }
  if (raw.outcome === 'issues_found' && Array.isArray(findings) && findings.length === 0) {
    problems.push({ path: 'findings', message: 'must name at least one finding when issues were found' });
  }
  const followUp = raw.followUp ?? null;
  if (followUp !== null && (typeof followUp !== 'string' || followUp.length > 2000)) {
    problems.push({ path: 'followUp', message: 'must be a text of at most 2000 characters, or null' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    result: {
      outcome: raw.outcome as InspectionOutcome,
      findings: (findings as string[]).map((f) => f.trim()),
      followUp: followUp as string | null,
    },
  };
}

/** How a published result enters the credit records: issues found is a failed spot check. */
export function spotCheckOf(result: TaskResult): 'pass' | 'fail' | null {
  switch (result.outcome) {
    case 'compliant':
      return 'pass';
    case 'issues_found':
      return 'fail';
    default:
      // Not found at the address, or closed: no check of the items took place (the abnormal-
      // operation listing is its own procedure).
      return null;
  }
}

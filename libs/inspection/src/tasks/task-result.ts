export const OUTCOMES = ['compliant', 'issues_found', 'not_found_at_address', 'closed'] as const;
export type InspectionOutcome = (typeof OUTCOMES)[number];

/** What the inspectors found (POST /inspection-tasks/:id/result). */
export interface TaskResult {
  outcome: InspectionOutcome;
  findings: string[];
  followUp: string | null;
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

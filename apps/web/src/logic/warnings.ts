// The investment warnings' closed loop as the console offers it (docs/capital.md): which steps a
// warning in a status allows. The api stays the guard; warnings.spec.ts checks this against it.

export const WARNING_STATUSES = ['open', 'acknowledged', 'assigned', 'resolved'] as const;
export const WARNING_OUTCOMES = ['rectified', 'no_violation', 'referred', 'penalised'] as const;
export type WarningAction = 'acknowledge' | 'assign' | 'resolve';

const ALLOWED: Record<WarningAction, readonly string[]> = {
  acknowledge: ['open'],
  assign: ['open', 'acknowledged', 'assigned'],
  resolve: ['acknowledged', 'assigned'],
};

/** The steps offered for a warning in `status`, in loop order. */
export function warningActions(status: string): WarningAction[] {
  return (['acknowledge', 'assign', 'resolve'] as const).filter((a) => ALLOWED[a].includes(status));
}

/**
 * The warning closed loop (线索 → 派单 → 处置 → 结果 → 重新分类): open → acknowledged → assigned →
 * resolved. Assigning may skip the acknowledgement (assigning acknowledges) and may hand a warning
 * on to another assignee; a warning is resolved only once someone has taken it (acknowledged or
 * assigned). Resolved is final.
 */

export const WARNING_STATUSES = ['open', 'acknowledged', 'assigned', 'resolved'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];
export const WARNING_OUTCOMES = ['rectified', 'no_violation', 'referred', 'penalised'] as const;
export type WarningOutcome = (typeof WARNING_OUTCOMES)[number];
export type WarningStep = 'acknowledge' | 'assign' | 'resolve';

const ALLOWED: Record<WarningStep, readonly WarningStatus[]> = {
  acknowledge: ['open'],
  assign: ['open', 'acknowledged', 'assigned'],
  resolve: ['acknowledged', 'assigned'],
};
const NEXT: Record<WarningStep, WarningStatus> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  resolve: 'resolved',
};

/** The status after `step`, or a message saying why the step is not allowed now. */
export function warningTransition(
  status: WarningStatus,
  step: WarningStep,
): { ok: true; next: WarningStatus } | { ok: false; message: string } {
  if (ALLOWED[step].includes(status)) return { ok: true, next: NEXT[step] };
  return {
    ok: false,
    message: `cannot ${step} a warning that is ${status} (allowed from: ${ALLOWED[step].join(', ')})`,
  };
}

/**
 * The median of whole milliseconds, exactly: a decimal string (the mean of the two middle values
 * of an even count ends in .5 at most), null for none.
 */
export function medianMs(values: readonly (bigint | number | string)[]): string | null {
  if (values.length === 0) return null;
  const sorted = values.map((v) => BigInt(v)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid].toString();
  const sum = sorted[mid - 1] + sorted[mid];
  return sum % 2n === 0n ? (sum / 2n).toString() : `${(sum - 1n) / 2n}.5`;
}

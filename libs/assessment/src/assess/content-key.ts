import { sha256Hex } from '@app/domain';

/** What of an assessment its content key covers. */
export interface KeyedAssessment {
  tier: string | null;
  score: number | null;
  input_digest: string;
  next_change_on: string | null;
  fired: readonly { rule: string; records: readonly string[] }[];
  overrides: readonly { rule: string; records: readonly string[] }[];
}

/**
 * The content key of an assessment: equal keys mean the two assessments say the same thing — the
 * same rule set and version, the same facts (their digest), the same tier and score, the same
 * records behind every fired rule and override, the same next change date. The texts, points and
 * legal bases of the fired rules are the rule version's, so the version covers them. 128 bits of a
 * SHA-256, as hex.
 */
export function contentKey(kind: string, version: string, a: KeyedAssessment): string {
  const parts = [kind, version, a.input_digest, a.tier ?? '', a.score ?? '', a.next_change_on ?? ''];
  for (const f of a.fired) parts.push(`f:${f.rule}:${f.records.join(',')}`);
  for (const o of a.overrides) parts.push(`o:${o.rule}:${o.records.join(',')}`);
  return sha256Hex(parts.join('\n')).slice(0, 32);
}

/** How a run treats one evaluated enterprise. */
export type Disposition = 'write' | 'confirm';

/**
 * A run writes an assessment unless the enterprise's current assessment has the same content key
 * and is as of the run's date or before: then it only confirms that one. (A current assessment as of
 * a later date — a late retry of an old run — would hide the run's decision from every read by date.)
 * A failed evaluation is always written (it has no current counterpart), and so is an enterprise
 * without a current assessment or with one from before keys.
 */
export function disposition(
  key: string | null,
  standing: { contentKey: string | null; asOf: string | null } | null,
  asOf: string,
): Disposition {
  return key !== null &&
    standing?.contentKey != null &&
    standing.contentKey === key &&
    standing.asOf !== null &&
    standing.asOf <= asOf
    ? 'confirm'
    : 'write';
}

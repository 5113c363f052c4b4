// The enterprise portal's small decisions, kept pure for the unit tests.

/** What the portal needs of an entry of `whatCanChangeIt` (GET /me/tier). */
export interface RepairCandidate {
  repairableFrom: string | null;
  neverEarly: boolean;
  openRepair: unknown;
}

/**
 * Whether the repair form offers the record today (`YYYY-MM-DD`, Asia/Shanghai): repairable from a
 * date that has come, never-early records excluded, and none with an application still open. The
 * server decides again when the application is filed.
 */
export function repairable(c: RepairCandidate, today: string): boolean {
  return !c.neverEarly && !c.openRepair && c.repairableFrom !== null && c.repairableFrom <= today;
}

/** The attachments as one reference per non-empty line, trimmed. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

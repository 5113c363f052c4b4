import { DomainError, ErrorCode } from '@app/domain';
import type { EntityManager } from 'typeorm';
import type { IngestTarget, Prepared } from './prepare/prepared-block';

/** What a restricted caller may write: an API key its sources, a regional regulator its regions. */

/** A record of a source the caller may not write fails the whole input (see `allowedSources`). */
export function checkSource(allowed: ReadonlySet<string>, item: Prepared): void {
  // A record's key is `source \u0000 sourceRecordId`.
  const source = item.key.slice(0, item.key.indexOf('\u0000'));
  if (allowed.has(source)) return;
  const message = `source ${JSON.stringify(source)} is not allowed for this API key`;
  throw new DomainError(ErrorCode.Forbidden, `row ${item.row}: ${message}`, [
    { path: `records[${item.row - 1}].source`, message },
  ]);
}

/**
 * A regional regulator writes only inside its regions: an enterprise row's region (the new one and
 * the stored one: an enterprise is not moved into the caller's reach) and a record's enterprise.
 */
export async function checkRegions(
  manager: EntityManager,
  target: IngestTarget,
  batch: Prepared[],
  regions: readonly string[],
): Promise<void> {
  const inside = (code: string) => regions.some((prefix) => code.startsWith(prefix));
  const rows = await manager.query<{ uscc: string; region_code: string }[]>(
    `SELECT uscc::text AS uscc, region_code FROM enterprises WHERE uscc = ANY ($1::bpchar[])`,
    [[...new Set(batch.map((p) => p.uscc))]],
  );
  const stored = new Map(rows.map((r) => [r.uscc.trim(), r.region_code]));
  for (const item of batch) {
    const before = stored.get(item.uscc);
    // The region is the third field of an enterprise's COPY line (enterprise.writer.ts COLUMNS).
    const after = target === 'enterprises' ? Buffer.from(item.line).toString().split('\t')[2] : undefined;
    const outside = (before !== undefined && !inside(before)) || (after !== undefined && !inside(after));
    if (!outside) continue;
    const path =
      target === 'enterprises' ? `enterprises[${item.row - 1}].regionCode` : `records[${item.row - 1}].uscc`;
    const message = `${item.uscc} is outside your regions (${regions.join(', ')})`;
    throw new DomainError(ErrorCode.Forbidden, `row ${item.row}: ${message}`, [{ path, message }]);
  }
}

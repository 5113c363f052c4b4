import { AuditInput, AuditService } from '@app/audit';
import { canonicalJson, DomainError, ErrorCode, normalizeUscc, sha256Hex } from '@app/domain';
import { compileRowSchema, IngestResponse, type ParsedRow, type RowProblem } from '@app/ingestion';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OWNERSHIP_LINK_ROW_SCHEMA, OwnershipLinkRow } from '../events/capital-row-schemas';
import { collectRows, refuseAtomic } from '../events/capital-rows';
import type { CapitalIngestOptions } from '../events/investment-event.service';

const validateRow = compileRowSchema<OwnershipLinkRow>(OWNERSHIP_LINK_ROW_SCHEMA);

/**
 * POST /ownership-links: the control graph a group is judged over (parent holds stakePercent of
 * child from `from` to `to`, both inclusive). Either end may be an entity not registered here (a
 * holding abroad); a regional regulator may post a link only when one registered end lies in its
 * regions. Keyed by (source, sourceRecordId); nothing half-written. Links do not re-judge events
 * already judged: a light is the judgement made when its event arrived.
 */
@Injectable()
export class OwnershipLinkService {
  private readonly logger = new Logger(OwnershipLinkService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async ingest(input: AsyncIterable<ParsedRow>, options: CapitalIngestOptions): Promise<IngestResponse> {
    const collected = await collectRows(input, checkRow);
    if (options.atomic && collected.rejected.length > 0) refuseAtomic(collected.rejected);
    const counts = await this.dataSource.transaction(async (manager) => {
      const audit: AuditInput[] = [];
      const counts = { accepted: 0, updated: 0, unchanged: 0 };
      const ends = collected.valid.flatMap((v) => [v.value.parentUscc, v.value.childUscc]);
      const regions: { uscc: string; region_code: string }[] = await manager.query(
        `SELECT uscc::text AS uscc, region_code FROM enterprises WHERE uscc = ANY($1::bpchar[])`,
        [[...new Set(ends)]],
      );
      const regionOf = new Map(regions.map((r) => [r.uscc.trim(), r.region_code]));
      for (const { row, value } of collected.valid) {
        if (options.allowedSources && !options.allowedSources.includes(value.source)) {
          throw new DomainError(
            ErrorCode.Forbidden,
            `row ${row}: source ${value.source} is not one of this key's`,
            [
              {
                path: `[${row - 1}].source`,
                message: `this API key may only post ${options.allowedSources.join(', ')}`,
              },
            ],
          );
        }
        if (options.allowedRegions) {
          const inside = [value.parentUscc, value.childUscc].some((u) => {
            const region = regionOf.get(u);
            return region !== undefined && options.allowedRegions!.some((p) => region.startsWith(p));
          });
          if (!inside) {
            const message = `neither ${value.parentUscc} nor ${value.childUscc} is registered in your regions (${options.allowedRegions.join(', ')})`;
            throw new DomainError(ErrorCode.Forbidden, `row ${row}: ${message}`, [
              { path: `[${row - 1}].parentUscc`, message },
            ]);
          }
        }
        const digest = sha256Hex(canonicalJson(value));
        const written: { id: string; inserted: boolean }[] = await manager.query(
          `INSERT INTO ownership_links (parent_uscc, child_uscc, stake_percent, valid_from, valid_to, source, source_record_id, digest)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (source, source_record_id) DO UPDATE SET parent_uscc = EXCLUDED.parent_uscc,
             child_uscc = EXCLUDED.child_uscc, stake_percent = EXCLUDED.stake_percent, valid_from = EXCLUDED.valid_from,
             valid_to = EXCLUDED.valid_to, digest = EXCLUDED.digest, updated_at = now()
            WHERE ownership_links.digest IS DISTINCT FROM EXCLUDED.digest
           RETURNING id::text AS id, (xmax = 0) AS inserted`,
          [
            value.parentUscc,
            value.childUscc,
            value.stakePercent,
            value.from,
            value.to ?? null,
            value.source,
            value.sourceRecordId,
            digest,
          ],
        );
        if (written.length === 0) {
          counts.unchanged++;
          continue;
        }
        counts[written[0].inserted ? 'accepted' : 'updated']++;
        audit.push({
          actor: options.actor,
          action: written[0].inserted ? 'ownership-link.received' : 'ownership-link.corrected',
          entityType: 'ownership_link',
          entityId: written[0].id,
          data: { ...value },
        });
      }
      await this.audit.append(manager, audit);
      return counts;
    });
    this.logger.log(`ownership links from ${options.actor}: ${collected.rows} rows, ${counts.accepted} new`);
    return { ...counts, rejected: collected.rejected, duplicates: collected.duplicates };
  }
}

function checkRow(
  row: number,
  input: Record<string, unknown>,
): { ok: true; value: OwnershipLinkRow } | { ok: false; problems: RowProblem[] } {
  const checked = validateRow(row, input);
  if (!checked.ok) return checked;
  const v = checked.value;
  const parent = normalizeUscc(v.parentUscc);
  const child = normalizeUscc(v.childUscc);
  const problems: RowProblem[] = [];
  if (parent === child) problems.push({ row, path: 'childUscc', message: 'an enterprise cannot own itself' });
  if (Number(v.stakePercent) === 0) problems.push({ row, path: 'stakePercent', message: 'must be above 0' });
  if (v.to !== undefined && v.to < v.from)
    problems.push({ row, path: 'to', message: `is before from ${v.from}` });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      parentUscc: parent,
      childUscc: child,
      stakePercent: v.stakePercent,
      from: v.from,
      ...(v.to !== undefined ? { to: v.to } : {}),
      source: v.source,
      sourceRecordId: v.sourceRecordId,
    },
  };
}

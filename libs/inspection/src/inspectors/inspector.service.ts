import { regionPatterns } from '@app/auth';
import { AuditService } from '@app/audit';
import { DomainError, ErrorCode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InspectorRow, parseRoster } from './inspector-row';

export interface RosterResult {
  created: number;
  updated: number;
  unchanged: number;
}

/** The roster: checked as a whole (nothing stored if any row is wrong), upserted by id. */
@Injectable()
export class InspectorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks a roster (parseRoster: every row with InspectorDto) and stores it. `format` says whether
   * the rows come typed (JSON) or as CSV text (the default); `regions` as for `store`.
   */
  async upsert(
    input: unknown[],
    actor: string,
    options: { regions?: string[] | null; format?: 'json' | 'csv' } = {},
  ): Promise<RosterResult> {
    return this.store(parseRoster(input, options.format ?? 'csv'), actor, options.regions);
  }

  /**
   * Upserts checked rows by id. `regions` (a regulator's prefixes; null or absent: any) also keeps
   * the inspectors already on the roster: a row whose id belongs to an inspector of another region
   * is refused (403), not moved.
   */
  async store(rows: InspectorRow[], actor: string, regions?: string[] | null): Promise<RosterResult> {
    return this.dataSource.transaction(async (m) => {
      if (regions) {
        const foreign: { id: string }[] = await m.query(
          `SELECT id FROM inspectors WHERE id = ANY ($1::text[]) AND NOT region_code LIKE ANY ($2::text[]) FOR UPDATE`,
          [rows.map((r) => r.id), regionPatterns(regions)],
        );
        if (foreign.length > 0) {
          const index = new Map(rows.map((r, i) => [r.id, i]));
          const details = foreign.map((f) => ({
            path: `[${index.get(f.id)}].id`,
            message: `${f.id} is an inspector of a region outside yours`,
          }));
          throw new DomainError(
            ErrorCode.Forbidden,
            `the roster names inspectors of regions outside yours (first at ${details[0].path})`,
            details,
          );
        }
      }
      const result: { created: number; updated: number; unchanged: number }[] = await m.query(
        `WITH x AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, department text, "regionCode" text,
                  qualifications text[], certified boolean, "conflictUsccs" text[], "relatedPersons" text[],
                  "capacityPerPeriod" int, active boolean)),
         old AS (SELECT i.* FROM inspectors i JOIN x ON x.id = i.id),
         up AS (
           INSERT INTO inspectors AS i (id, name, department, region_code, qualifications, certified, conflict_usccs,
                                        related_persons, capacity_per_period, active)
           SELECT id, name, department, "regionCode", qualifications, certified, "conflictUsccs", "relatedPersons",
                  "capacityPerPeriod", active FROM x
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, department = excluded.department,
                  region_code = excluded.region_code, qualifications = excluded.qualifications,
                  certified = excluded.certified, conflict_usccs = excluded.conflict_usccs,
                  related_persons = excluded.related_persons, capacity_per_period = excluded.capacity_per_period,
                  active = excluded.active, updated_at = now()
            WHERE (i.name, i.department, i.region_code, i.qualifications, i.certified, i.conflict_usccs,
                   i.related_persons, i.capacity_per_period, i.active)
                  IS DISTINCT FROM (excluded.name, excluded.department, excluded.region_code, excluded.qualifications,
                   excluded.certified, excluded.conflict_usccs, excluded.related_persons,
                   excluded.capacity_per_period, excluded.active)
           RETURNING i.id)
         SELECT (SELECT count(*) FROM up WHERE id NOT IN (SELECT id FROM old))::int AS created,
                (SELECT count(*) FROM up WHERE id IN (SELECT id FROM old))::int AS updated,
                ((SELECT count(*) FROM x) - (SELECT count(*) FROM up))::int AS unchanged`,
        [JSON.stringify(rows)],
      );
      // Certificate numbers (扫码入企) are kept apart from the roster's change counts.
      await m.query(
        `UPDATE inspectors i SET certificate_no = x."certificateNo"
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, "certificateNo" text)
          WHERE i.id = x.id AND i.certificate_no IS DISTINCT FROM x."certificateNo"`,
        [JSON.stringify(rows)],
      );
      await this.audit.append(m, [
        {
          actor,
          action: 'inspectors.upserted',
          entityType: 'inspector_roster',
          entityId: 'roster',
          data: { ...result[0], ids: rows.map((r) => r.id).slice(0, 1000) },
        },
      ]);
      return result[0];
    });
  }

  async list(filter: {
    regions: string[] | null;
    department?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: InspectorRow[]; total: number }> {
    const where = `($1::text[] IS NULL OR region_code LIKE ANY ($1::text[])) AND ($2::text IS NULL OR department = $2)`;
    const params = [regionPatterns(filter.regions), filter.department ?? null];
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM inspectors WHERE ${where}`,
      params,
    );
    const items: InspectorRow[] = await this.dataSource.query(
      `SELECT id, name, department, region_code AS "regionCode", qualifications, certified,
              conflict_usccs AS "conflictUsccs", related_persons AS "relatedPersons",
              capacity_per_period AS "capacityPerPeriod", active
         FROM inspectors WHERE ${where}
        ORDER BY id LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    );
    return { items, total };
  }
}

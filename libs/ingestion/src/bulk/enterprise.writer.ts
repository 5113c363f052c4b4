import type { PoolClient } from 'pg';
import type { EnterpriseRow } from '../rows/row.types';
import { copyInto } from '@app/persistence';
import { copyLine, textArrayLiteral } from './copy-text';
import { ensureStaging } from './staging';

export interface EnterpriseChange {
  uscc: string;
  fields: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface EnterpriseBatchOutcome {
  accepted: number;
  updated: number;
  unchanged: number;
  changes: EnterpriseChange[];
  changedUscc: string[];
}

const COLUMNS = [
  'uscc',
  'name',
  'region_code',
  'industry_code',
  'established_on',
  'registered_capital',
  'size',
  'tags',
  'is_platform',
  'platform_monthly_users',
  'platform_valuation',
  'new_business_form',
];
const DATA = COLUMNS.slice(1);

/** One COPY line of an enterprise (the columns of COLUMNS, in order). */
export function enterpriseLine(e: EnterpriseRow): string {
  return copyLine([
    e.uscc,
    e.name,
    e.regionCode,
    e.industryCode,
    e.establishedOn,
    e.registeredCapital,
    e.size,
    textArrayLiteral(e.tags),
    e.isPlatform,
    e.platformMonthlyUsers,
    e.platformValuation,
    e.newBusinessForm,
  ]);
}

/**
 * Upserts one batch of enterprises by uscc in the caller's transaction, reporting what changed.
 * A batch of new enterprises is COPYed straight into the table under a savepoint; if any already
 * exists, the savepoint is rolled back and the batch goes through staging and the upsert.
 */
export class EnterpriseWriter {
  async write(
    client: PoolClient,
    items: { row: number; uscc: string; line: Uint8Array }[],
  ): Promise<EnterpriseBatchOutcome> {
    await client.query('SAVEPOINT direct_copy');
    try {
      await copyInto(
        client,
        'enterprises',
        COLUMNS,
        items.map((i) => i.line),
      );
      await client.query('RELEASE SAVEPOINT direct_copy');
      return {
        accepted: items.length,
        updated: 0,
        unchanged: 0,
        changes: [],
        changedUscc: items.map((i) => i.uscc),
      };
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await client.query('ROLLBACK TO SAVEPOINT direct_copy');
    }
    await ensureStaging(client);
    await client.query('TRUNCATE stage_enterprises');
    await copyInto(
      client,
      'stage_enterprises',
      ['row_no', ...COLUMNS],
      items.flatMap((i) => [`${i.row}\t`, i.line]),
    );
    const { rows: result } = await client.query<{
      inserted: string;
      updated: string;
      staged: string;
      changed_uscc: string[] | null;
      changes: { uscc: string; before: Record<string, unknown>; after: Record<string, unknown> }[] | null;
    }>(
      `WITH old AS (
         SELECT ${COLUMNS.map((c) => `e.${c}`).join(', ')}
           FROM enterprises e JOIN stage_enterprises s USING (uscc)
          WHERE (${DATA.map((c) => `e.${c}`).join(', ')}) IS DISTINCT FROM (${DATA.map((c) => `s.${c}`).join(', ')})
       ), up AS (
         INSERT INTO enterprises AS e (${COLUMNS.join(', ')})
         SELECT ${COLUMNS.join(', ')} FROM stage_enterprises ORDER BY uscc
         ON CONFLICT (uscc) DO UPDATE SET ${DATA.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
         WHERE (${DATA.map((c) => `e.${c}`).join(', ')}) IS DISTINCT FROM (${DATA.map((c) => `EXCLUDED.${c}`).join(', ')})
         RETURNING e.uscc, (e.xmax = 0) AS inserted
       )
       SELECT (SELECT count(*) FROM up WHERE inserted) AS inserted,
              (SELECT count(*) FROM up WHERE NOT inserted) AS updated,
              (SELECT count(*) FROM stage_enterprises) AS staged,
              (SELECT array_agg(uscc) FROM up) AS changed_uscc,
              (SELECT json_agg(json_build_object('uscc', o.uscc, 'before', to_jsonb(o),
                        'after', to_jsonb(s) - 'row_no'))
                 FROM old o JOIN up u ON u.uscc = o.uscc AND NOT u.inserted
                 JOIN stage_enterprises s ON s.uscc = o.uscc) AS changes`,
    );
    const r = result[0];
    const accepted = Number(r.inserted);
    const updated = Number(r.updated);
    return {
      accepted,
      updated,
      unchanged: Number(r.staged) - accepted - updated,
      changedUscc: r.changed_uscc ?? [],
      changes: (r.changes ?? []).map((c) => {
        const fields = DATA.filter((f) => JSON.stringify(c.before[f]) !== JSON.stringify(c.after[f]));
        return {
          uscc: c.uscc,
          fields,
          before: Object.fromEntries(fields.map((f) => [f, c.before[f]])),
          after: Object.fromEntries(fields.map((f) => [f, c.after[f]])),
        };
      }),
    };
  }
}

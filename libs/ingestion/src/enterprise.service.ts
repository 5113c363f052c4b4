import { DomainError, ErrorCode, normalizeUscc } from '@app/domain';
import { EnterpriseEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The filters of the enterprise list; `regions` null = every region. */
export interface EnterpriseListFilter {
  q?: string;
  regions: string[] | null;
  industry?: string;
  tier?: string;
  limit: number;
  offset: number;
}

/** One row of the enterprise list. */
export interface EnterpriseListItem {
  uscc: string;
  name: string;
  regionCode: string;
  industryCode: string;
  currentTier: string | null;
  newBusinessForm: boolean;
  isPlatform: boolean;
}

/** A search text that may be a code prefix: the characters of GB 32100 only. */
const CODE_PREFIX = /^[0-9A-HJ-NP-RTUW-Y]{2,18}$/;

/** `%`, `_` and `\` of a search text matched literally by LIKE. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads of the enterprise register (writes go through IngestService). */
@Injectable()
export class EnterpriseService {
  constructor(private readonly dataSource: DataSource) {}

  async get(uscc: string): Promise<EnterpriseEntity> {
    const found = await this.dataSource
      .getRepository(EnterpriseEntity)
      .findOneBy({ uscc: normalizeUscc(uscc) });
    if (!found) throw new DomainError(ErrorCode.NotFound, `no enterprise with uscc ${uscc}`);
    return found;
  }

  /**
   * The register filtered by region prefixes, industry prefix, current tier and a search text (a
   * code prefix, by the primary key's range, or a part of the name, by the trigram index of
   * migration EnterpriseNameSearch), in code order. Without a search text the total is read from
   * the maintained tier summary (exact, and cheap at a million enterprises).
   */
  async list(filter: EnterpriseListFilter): Promise<{ items: EnterpriseListItem[]; total: number }> {
    const { clause, params } = whereOf(filter);
    const rows: {
      uscc: string;
      name: string;
      region_code: string;
      industry_code: string;
      current_tier: string | null;
      new_business_form: boolean;
      is_platform: boolean;
    }[] = await this.dataSource.query(
      `SELECT uscc, name, region_code, industry_code, current_tier, new_business_form, is_platform
         FROM enterprises ${clause} ORDER BY uscc LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const items = rows.map((r) => ({
      uscc: r.uscc,
      name: r.name,
      regionCode: r.region_code,
      industryCode: r.industry_code,
      currentTier: r.current_tier,
      newBusinessForm: r.new_business_form,
      isPlatform: r.is_platform,
    }));
    return { items, total: await this.total(filter, clause, params, rows.length) };
  }

  private async total(
    filter: EnterpriseListFilter,
    clause: string,
    params: unknown[],
    found: number,
  ): Promise<number> {
    if (found > 0 && found < filter.limit) return filter.offset + found;
    if (!filter.q) {
      const [row]: { n: number }[] = await this.dataSource.query(
        `SELECT coalesce(sum(n), 0)::int AS n FROM tier_summary
          WHERE ($1::text[] IS NULL OR region_code LIKE ANY ($1::text[]))
            AND ($2::text IS NULL OR industry_code LIKE $2 || '%') AND ($3::text IS NULL OR tier = $3)`,
        [filter.regions?.map((r) => `${r}%`) ?? null, filter.industry ?? null, filter.tier ?? null],
      );
      return row.n;
    }
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM enterprises ${clause}`,
      params,
    );
    return row.n;
  }
}

function whereOf(filter: EnterpriseListFilter): { clause: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  if (filter.regions !== null)
    where.push(`region_code LIKE ANY (${bind(filter.regions.map((r) => `${r}%`))}::text[])`);
  if (filter.industry) where.push(`industry_code LIKE ${bind(`${filter.industry}%`)}`);
  if (filter.tier) where.push(`current_tier = ${bind(filter.tier)}`);
  if (filter.q) {
    const name = `name ILIKE ${bind(`%${likeLiteral(filter.q)}%`)}`;
    const code = filter.q.toUpperCase();
    where.push(
      CODE_PREFIX.test(code)
        ? `(uscc BETWEEN ${bind(code)}::bpchar AND ${bind(code.padEnd(18, 'Z'))}::bpchar OR ${name})`
        : name,
    );
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

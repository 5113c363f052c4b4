import { AuditInput, AuditService } from '@app/audit';
import { canonicalJson, DomainError, ErrorCode, normalizeUscc, sha256Hex, shanghaiDateOf } from '@app/domain';
import { compileRowSchema, IngestResponse, type ParsedRow, type RowProblem } from '@app/ingestion';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { fromFen, toFen } from '../domain/money.util';
import { JudgedEvent, LightService } from '../lights/light.service';
import { INVESTMENT_EVENT_ROW_SCHEMA, InvestmentEventRow } from './capital-row-schemas';
import { collectRows, refuseAtomic } from './capital-rows';

export interface CapitalIngestOptions {
  actor: string;
  atomic: boolean;
  /** An API key's sources: a row of another source fails the whole post (403). */
  allowedSources?: readonly string[];
  /** A regional regulator's regions: an investor registered outside them fails the whole post (403). */
  allowedRegions?: readonly string[];
}

export interface EventIngestResult extends IngestResponse {
  lights: JudgedEvent[];
}

const validateRow = compileRowSchema<InvestmentEventRow>(INVESTMENT_EVENT_ROW_SCHEMA);
const money = (yuan: string) => fromFen(toFen(yuan));

/**
 * POST /investment-events: rows in the ingestion format, keyed by (source, sourceRecordId). A
 * re-send of the same content changes nothing (not even its light); a corrected event replaces the
 * stored one (audited) and is judged again. Everything of one post — events, lights, warnings,
 * audit — commits together or not at all.
 */
@Injectable()
export class InvestmentEventService {
  private readonly logger = new Logger(InvestmentEventService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly lights: LightService,
  ) {}

  async ingest(input: AsyncIterable<ParsedRow>, options: CapitalIngestOptions): Promise<EventIngestResult> {
    const today = shanghaiDateOf(new Date());
    const collected = await collectRows(input, (row, value) => checkRow(row, value, today));
    if (options.atomic && collected.rejected.length > 0) refuseAtomic(collected.rejected);
    const rejected = [...collected.rejected];
    const result = await this.dataSource.transaction(async (manager) => {
      const audit: AuditInput[] = [];
      const counts = { accepted: 0, updated: 0, unchanged: 0 };
      const changed: string[] = [];
      const regions = await regionsOf(
        manager,
        collected.valid.map((v) => v.value.uscc),
      );
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
        const region = regions.get(value.uscc);
        if (region === undefined) {
          rejected.push({
            row,
            path: 'uscc',
            message: `no enterprise ${value.uscc} is registered (POST /enterprises first)`,
          });
          continue;
        }
        if (options.allowedRegions && !options.allowedRegions.some((p) => region.startsWith(p))) {
          const message = `${value.uscc} is outside your regions (${options.allowedRegions.join(', ')})`;
          throw new DomainError(ErrorCode.Forbidden, `row ${row}: ${message}`, [
            { path: `[${row - 1}].uscc`, message },
          ]);
        }
        const outcome = await this.write(manager, value);
        counts[outcome.status]++;
        if (outcome.status === 'unchanged') continue;
        changed.push(outcome.id);
        audit.push({
          actor: options.actor,
          action: outcome.status === 'accepted' ? 'investment-event.received' : 'investment-event.corrected',
          entityType: 'investment_event',
          entityId: outcome.id,
          data: { key: `${value.source}/${value.sourceRecordId}`, uscc: value.uscc },
        });
      }
      if (options.atomic && rejected.length > 0) refuseAtomic(rejected);
      const lights = await this.lights.judge(manager, changed, options.actor, audit);
      await this.audit.append(manager, audit);
      return { counts, lights };
    });
    this.logger.log(
      `investment events from ${options.actor}: ${collected.rows} rows, ${result.counts.accepted} new, ${result.counts.updated} updated, ${result.counts.unchanged} unchanged, ${rejected.length} rejected`,
    );
    return {
      ...result.counts,
      rejected: rejected.sort((a, b) => a.row - b.row),
      duplicates: collected.duplicates,
      lights: result.lights,
    };
  }

  private async write(
    manager: EntityManager,
    e: InvestmentEventRow,
  ): Promise<{ id: string; status: 'accepted' | 'updated' | 'unchanged' }> {
    const digest = sha256Hex(canonicalJson(e));
    const payload = {
      ...(e.investorTurnover ? { investorTurnover: e.investorTurnover } : {}),
      ...(e.targetTurnover ? { targetTurnover: e.targetTurnover } : {}),
      ...(e.platformMetrics ? { platformMetrics: e.platformMetrics } : {}),
    };
    const rows: { id: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO investment_events (uscc, kind, target_uscc, target_name, target_industry_code, amount, stake_percent,
              occurred_on, notified, source, source_record_id, payload, digest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       ON CONFLICT (source, source_record_id) DO UPDATE SET
              uscc = EXCLUDED.uscc, kind = EXCLUDED.kind, target_uscc = EXCLUDED.target_uscc,
              target_name = EXCLUDED.target_name, target_industry_code = EXCLUDED.target_industry_code,
              amount = EXCLUDED.amount, stake_percent = EXCLUDED.stake_percent, occurred_on = EXCLUDED.occurred_on,
              notified = EXCLUDED.notified, payload = EXCLUDED.payload, digest = EXCLUDED.digest, updated_at = now()
        WHERE investment_events.digest IS DISTINCT FROM EXCLUDED.digest
       RETURNING id::text AS id, (xmax = 0) AS inserted`,
      [
        e.uscc,
        e.kind,
        e.targetUscc ?? null,
        e.targetName ?? null,
        e.targetIndustryCode ?? null,
        e.amount ?? null,
        e.stakePercent ?? null,
        e.occurredOn,
        e.notified ?? false,
        e.source,
        e.sourceRecordId,
        JSON.stringify(payload),
        digest,
      ],
    );
    if (rows.length === 0) return { id: '', status: 'unchanged' };
    return { id: rows[0].id, status: rows[0].inserted ? 'accepted' : 'updated' };
  }
}

async function regionsOf(manager: EntityManager, usccs: string[]): Promise<Map<string, string>> {
  const rows: { uscc: string; region_code: string }[] = await manager.query(
    `SELECT uscc::text AS uscc, region_code FROM enterprises WHERE uscc = ANY($1::bpchar[]) ORDER BY uscc FOR SHARE`,
    [[...new Set(usccs)]],
  );
  return new Map(rows.map((r) => [r.uscc.trim(), r.region_code]));
}

function checkRow(
  row: number,
  input: Record<string, unknown>,
  today: string,
): { ok: true; value: InvestmentEventRow } | { ok: false; problems: RowProblem[] } {
  const checked = validateRow(row, input);
  if (!checked.ok) return checked;
  const v = checked.value;
  const problems: RowProblem[] = [];
  if (v.occurredOn > today)
    problems.push({
      row,
      path: 'occurredOn',
      message: `${v.occurredOn} is in the future (today is ${today}, Asia/Shanghai)`,
    });
  if (!v.targetUscc && !v.targetName)
    problems.push({ row, path: 'targetUscc', message: 'targetUscc or targetName is required' });
  if (v.targetUscc && normalizeUscc(v.targetUscc) === normalizeUscc(v.uscc))
    problems.push({ row, path: 'targetUscc', message: 'the target cannot be the investor itself' });
  if (problems.length > 0) return { ok: false, problems };
  const turnover = (t: { global: string; china: string } | undefined) =>
    t ? { global: money(t.global), china: money(t.china) } : undefined;
  const normalized: InvestmentEventRow = {
    uscc: normalizeUscc(v.uscc),
    kind: v.kind,
    ...(v.targetUscc ? { targetUscc: normalizeUscc(v.targetUscc) } : {}),
    ...(v.targetName ? { targetName: v.targetName.trim() } : {}),
    ...(v.targetIndustryCode ? { targetIndustryCode: v.targetIndustryCode } : {}),
    ...(v.stakePercent ? { stakePercent: v.stakePercent } : {}),
    ...(v.amount ? { amount: money(v.amount) } : {}),
    ...(v.investorTurnover ? { investorTurnover: turnover(v.investorTurnover) } : {}),
    ...(v.targetTurnover ? { targetTurnover: turnover(v.targetTurnover) } : {}),
    occurredOn: v.occurredOn,
    notified: v.notified ?? false,
    ...(v.platformMetrics ? { platformMetrics: v.platformMetrics } : {}),
    source: v.source,
    sourceRecordId: v.sourceRecordId,
  };
  return { ok: true, value: normalized };
}

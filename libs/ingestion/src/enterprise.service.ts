import { AuditService } from '@app/audit';
import { DomainError, ErrorCode, normalizeUscc } from '@app/domain';
import { EnterpriseEntity } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { EnterpriseInput } from './enterprise.input';
import { IngestResult } from './ingest-result';
import { validateRows } from './row-validation';

type EnterpriseFields = Omit<
  EnterpriseEntity,
  'createdAt' | 'updatedAt' | 'currentTier' | 'currentAssessmentId'
>;
const COMPARED: (keyof EnterpriseFields)[] = [
  'name',
  'regionCode',
  'industryCode',
  'establishedOn',
  'registeredCapital',
  'size',
  'tags',
  'isPlatform',
  'platformMonthlyUsers',
  'platformValuation',
  'newBusinessForm',
];

/**
 * The enterprise register. Idempotent by uscc: an identical re-send changes nothing, a changed one
 * is updated and its before/after goes to the audit log, in the same transaction.
 */
@Injectable()
export class EnterpriseService {
  private readonly logger = new Logger(EnterpriseService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async ingest(rows: unknown[], actor: string, options: { atomic?: boolean } = {}): Promise<IngestResult> {
    const { valid, rejected } = validateRows(EnterpriseInput, rows);
    if (options.atomic && rejected.length > 0) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${new Set(rejected.map((r) => r.row)).size} row(s) invalid; atomic import stored nothing`,
        rejected.map((r) => ({ path: `[${r.row - 1}]${r.path ? `.${r.path}` : ''}`, message: r.message })),
      );
    }
    // Within one request the last row of a key wins; earlier ones are reported.
    const lastRowOf = new Map<string, number>();
    const duplicates: IngestResult['duplicates'] = [];
    const byKey = new Map<string, EnterpriseFields>();
    for (const { row, value } of valid) {
      const fields = toFields(value);
      const previous = lastRowOf.get(fields.uscc);
      if (previous !== undefined) duplicates.push({ row: previous, key: fields.uscc, supersededBy: row });
      lastRowOf.set(fields.uscc, row);
      byKey.set(fields.uscc, fields);
    }

    const counts = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(EnterpriseEntity);
      const existing = new Map(
        (
          await repo.find({ where: { uscc: In([...byKey.keys()]) }, lock: { mode: 'pessimistic_write' } })
        ).map((e) => [e.uscc, e]),
      );
      const created: EnterpriseFields[] = [];
      const changed: { before: EnterpriseEntity; after: EnterpriseFields; fields: string[] }[] = [];
      for (const fields of byKey.values()) {
        const before = existing.get(fields.uscc);
        if (!before) created.push(fields);
        else {
          const diff = COMPARED.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(fields[k]));
          if (diff.length > 0) changed.push({ before, after: fields, fields: diff });
        }
      }
      if (created.length > 0) await repo.insert(created);
      for (const c of changed) await repo.update({ uscc: c.after.uscc }, c.after);
      await this.audit.append(manager, [
        ...created.map((e) => ({
          actor,
          action: 'enterprise.created',
          entityType: 'enterprise',
          entityId: e.uscc,
          data: { after: e },
        })),
        ...changed.map((c) => ({
          actor,
          action: 'enterprise.updated',
          entityType: 'enterprise',
          entityId: c.after.uscc,
          data: {
            fields: c.fields,
            before: Object.fromEntries(c.fields.map((f) => [f, c.before[f as keyof EnterpriseEntity]])),
            after: Object.fromEntries(c.fields.map((f) => [f, c.after[f as keyof EnterpriseFields]])),
          },
        })),
      ]);
      return {
        accepted: created.length,
        updated: changed.length,
        unchanged: byKey.size - created.length - changed.length,
      };
    });
    this.logger.log(
      `enterprises from ${actor}: ${counts.accepted} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${rejected.length} rejected`,
    );
    return { ...counts, rejected, duplicates };
  }

  async get(uscc: string): Promise<EnterpriseEntity> {
    const found = await this.dataSource
      .getRepository(EnterpriseEntity)
      .findOneBy({ uscc: normalizeUscc(uscc) });
    if (!found) throw new DomainError(ErrorCode.NotFound, `no enterprise with uscc ${uscc}`);
    return found;
  }
}

function toFields(input: EnterpriseInput): EnterpriseFields {
  return {
    uscc: normalizeUscc(input.uscc),
    name: input.name.trim(),
    regionCode: input.regionCode,
    industryCode: input.industryCode,
    establishedOn: input.establishedOn,
    registeredCapital: input.registeredCapital ? toMoney(input.registeredCapital) : null,
    size: input.size ?? null,
    tags: [...new Set(input.tags ?? [])].sort(),
    isPlatform: input.isPlatform ?? false,
    platformMonthlyUsers: input.platformMonthlyUsers ?? null,
    platformValuation: input.platformValuation ? toMoney(input.platformValuation) : null,
    newBusinessForm: input.newBusinessForm ?? false,
  };
}

/** "1000" → "1000.00": the form PostgreSQL's numeric(20,2) returns, so re-sends compare equal. */
function toMoney(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
}

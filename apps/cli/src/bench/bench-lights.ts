import { ChangeFeed } from '@app/assessment';
import { AuditService } from '@app/audit';
import {
  GroupRepository,
  InvestmentEventService,
  LightRulesProvider,
  LightService,
  INVESTMENT_EVENT_KINDS,
} from '@app/capital';
import { AppConfig } from '@app/config';
import { makeUscc, shanghaiDateOf } from '@app/domain';
import type { ParsedRow } from '@app/ingestion';
import { OutboxWriter } from '@app/queue';
import { RuleSetStore } from '@app/rulesets';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { ScratchDatabase } from './scratch-database';

export interface BenchLightsOptions {
  events: number;
  /** Rows per POST-sized chunk (the route takes at most 20 000). */
  chunk: number;
}

export interface BenchLightsResult {
  events: number;
  enterprises: number;
  seconds: number;
  perSecond: number;
  lights: Record<string, number>;
  warnings: number;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const INDUSTRIES = ['I6432', 'I6510', 'C1431', 'J6620', 'F5292', 'K7010', 'C3511'];

function uscc(i: number): string {
  let body = '';
  for (let n = i, k = 0; k < 8; k++, n = Math.floor(n / ALPHABET.length))
    body = ALPHABET[n % ALPHABET.length] + body;
  return makeUscc({ region: '330106', orgBody: body });
}

/**
 * Lights for N generated investment events, through the real path (validation, upsert, group query,
 * rule evaluation, warnings, audit) in a scratch database: one enterprise per ten events, grouped in
 * three-level chains, events spread over the last year. Not timed: the register and links load.
 */
export async function benchLights(base: AppConfig, options: BenchLightsOptions): Promise<BenchLightsResult> {
  const scratch = await ScratchDatabase.create(base, 'tw_bench_lights');
  try {
    const ds = scratch.dataSource;
    const enterprises = Math.max(4, Math.ceil(options.events / 10));
    const codes = Array.from({ length: enterprises }, (_, i) => uscc(i));
    await ds.query(
      `INSERT INTO enterprises (uscc, name, region_code, industry_code, established_on)
       SELECT c, 'bench ' || i, '330106', ($2::text[])[1 + i % cardinality($2::text[])], '2010-01-01'
         FROM unnest($1::text[]) WITH ORDINALITY AS x(c, i)`,
      [codes, INDUSTRIES],
    );
    // Chains of four: i → i+1 → i+2 → i+3 (80 %).
    await ds.query(
      `INSERT INTO ownership_links (parent_uscc, child_uscc, stake_percent, valid_from, source, source_record_id, digest)
       SELECT p, c, 80, '2015-01-01', 'bench', 'L' || i, repeat('0', 64)
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(p, c, i)`,
      [
        codes.filter((_, i) => i % 4 !== 3 && i + 1 < codes.length),
        codes.map((_, i) => codes[i + 1]).filter((_, i) => i % 4 !== 3 && i + 1 < codes.length),
      ],
    );
    const cls = new ClsService(new AsyncLocalStorage());
    const store = new RuleSetStore(ds);
    const outbox = new OutboxWriter(cls);
    const service = new InvestmentEventService(
      ds,
      new AuditService(ds, cls),
      new LightService(
        new LightRulesProvider(store),
        new GroupRepository(),
        new ChangeFeed(outbox, scratch.config),
        outbox,
      ),
    );
    await store.ensureShipped();
    const today = Date.now();
    const row = (i: number): Record<string, unknown> => ({
      uscc: codes[i % enterprises],
      kind: INVESTMENT_EVENT_KINDS[i % INVESTMENT_EVENT_KINDS.length],
      targetName: i % 97 === 0 ? `bench 小额贷款 ${i}` : `bench target ${i}`,
      targetIndustryCode: INDUSTRIES[(i * 7) % INDUSTRIES.length],
      amount: `${(i % 1000) * 1000}.00`,
      investorTurnover: { global: `${(i % 50) * 100_000_000}.00`, china: `${(i % 40) * 100_000_000}.00` },
      targetTurnover: { global: `${(i % 30) * 100_000_000}.00`, china: `${(i % 20) * 100_000_000}.00` },
      occurredOn: shanghaiDateOf(new Date(today - (1 + (i % 360)) * 86_400_000)),
      notified: i % 3 === 0,
      source: 'bench',
      sourceRecordId: `E${i}`,
    });
    const started = performance.now();
    for (let from = 0; from < options.events; from += options.chunk) {
      const to = Math.min(options.events, from + options.chunk);
      async function* rows(): AsyncIterable<ParsedRow> {
        for (let i = from; i < to; i++) yield { row: i - from + 1, value: row(i) };
      }
      await service.ingest(rows(), { actor: 'bench', atomic: false });
    }
    const seconds = (performance.now() - started) / 1000;
    const counts: { light: string; n: number }[] = await ds.query(
      `SELECT light, count(*)::int AS n FROM investment_lights GROUP BY light ORDER BY light`,
    );
    const [{ n: warnings }] = await ds.query(`SELECT count(*)::int AS n FROM investment_warnings`);
    return {
      events: options.events,
      enterprises,
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round(options.events / seconds),
      lights: Object.fromEntries(counts.map((c) => [c.light, c.n])),
      warnings,
    };
  } finally {
    await scratch.drop();
  }
}

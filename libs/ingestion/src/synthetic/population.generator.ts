import { writeCreditRecords } from './credit-record.factory';
import { createPopulationContext, PopulationContext, PopulationOptions } from './population-context';
import { Prng } from './prng.util';
import { RecordWriter } from './record.writer';
import { writeRiskRecords } from './risk-record.factory';
import { buildEnterprise, SyntheticEnterprise } from './synthetic-enterprise.factory';

/** One row of a synthetic population: an enterprise, or a credit or risk record of one. */
export interface PopulationRow {
  kind: 'enterprise' | 'record';
  value: Record<string, unknown>;
}

/**
 * A deterministic synthetic population for benches and demos: each enterprise row followed by its
 * credit and risk records. Streams in O(1) memory (one enterprise's records at a time), and
 * enterprise i is the same for any `enterprises`, so a small population is a prefix of a large one.
 */
export function* generatePopulation(options: PopulationOptions): Generator<PopulationRow> {
  const ctx = createPopulationContext(options);
  const prng = new Prng(0);
  const writer = new RecordWriter(ctx.days);
  for (let index = 0; index < options.enterprises; index++) {
    const enterprise = buildEnterprise(ctx, prng, index);
    yield { kind: 'enterprise', value: enterprise.row };
    for (const record of recordsOf(ctx, prng, writer, enterprise)) yield { kind: 'record', value: record };
  }
}

/** The enterprise rows of generatePopulation alone, for an enterprises file. */
export function* generateEnterprises(options: PopulationOptions): Generator<Record<string, unknown>> {
  const ctx = createPopulationContext(options);
  const prng = new Prng(0);
  for (let index = 0; index < options.enterprises; index++) yield buildEnterprise(ctx, prng, index).row;
}

/** The record rows of generatePopulation alone, in the same order, for a records file. */
export function* generateRecords(options: PopulationOptions): Generator<Record<string, unknown>> {
  const ctx = createPopulationContext(options);
  const prng = new Prng(0);
  const writer = new RecordWriter(ctx.days);
  for (let index = 0; index < options.enterprises; index++) {
    // The enterprise is rebuilt (cheap) because its records are drawn from the stream after it.
    yield* recordsOf(ctx, prng, writer, buildEnterprise(ctx, prng, index));
  }
}

function recordsOf(
  ctx: PopulationContext,
  prng: Prng,
  writer: RecordWriter,
  enterprise: SyntheticEnterprise,
): readonly Record<string, unknown>[] {
  writer.start(enterprise.uscc);
  writeCreditRecords(ctx, prng, enterprise, writer);
  writeRiskRecords(ctx, prng, enterprise, writer);
  return writer.rows;
}

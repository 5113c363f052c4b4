import { shanghaiDateOf } from '@app/domain';
import { AssessmentService, shippedRuleSet } from '@app/assessment';
import { migrateWithLock } from '@app/persistence';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { Progress } from '../progress';

interface AssessOptions {
  asOf?: string;
  region?: string;
  batchSize?: number;
}

@Command({
  name: 'assess',
  description:
    'assess (re-tier) every enterprise, or those of a region prefix, with the tiering rule set in force',
})
export class AssessCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentService,
  ) {
    super();
  }

  async run(_: string[], options: AssessOptions): Promise<void> {
    await migrateWithLock(this.dataSource);
    const asOf = options.asOf ?? shanghaiDateOf(new Date());
    const ruleSet = shippedRuleSet('tiering', asOf);
    const region = options.region ?? '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM enterprises WHERE region_code LIKE $1 || '%'`,
      [region],
    );
    console.log(`assessing ${total} enterprise(s) as of ${asOf} with tiering ${ruleSet.version}`);
    const progress = new Progress('assess', total);
    const tiers: Record<string, number> = {};
    let done = 0;
    let failed = 0;
    let changed = 0;
    const stages = { deriveMs: 0, evaluateMs: 0, writeMs: 0 };
    let after = '';
    const size = options.batchSize ?? 5000;
    for (;;) {
      const page: { uscc: string }[] = await this.dataSource.query(
        `SELECT uscc FROM enterprises WHERE uscc > $1 AND region_code LIKE $2 || '%' ORDER BY uscc LIMIT $3`,
        [after, region, size],
      );
      if (page.length === 0) break;
      const result = await this.assessments.assessBatch(
        ruleSet,
        page.map((p) => p.uscc),
        { asOf, trigger: 'manual' },
      );
      for (const [t, n] of Object.entries(result.tiers)) tiers[t] = (tiers[t] ?? 0) + n;
      failed += result.failed;
      changed += result.changed;
      stages.deriveMs += result.timings.deriveMs;
      stages.evaluateMs += result.timings.evaluateMs;
      stages.writeMs += result.timings.writeMs;
      done += page.length;
      after = page[page.length - 1].uscc;
      progress.update(done);
    }
    progress.stop();
    const share = (n: number) => `${((n / Math.max(done - failed, 1)) * 100).toFixed(1)}%`;
    console.log(
      `${done} assessed in ${progress.seconds().toFixed(1)} s: ` +
        `${Object.entries(tiers)
          .sort()
          .map(([t, n]) => `${t} ${n} (${share(n)})`)
          .join(', ')}; ${failed} failed; ${changed} changed tier`,
    );
    const rate = (ms: number) => Math.round(done / Math.max(ms / 1000, 0.001));
    console.log(
      `stages: derive facts ${rate(stages.deriveMs)}/s, evaluate ${rate(stages.evaluateMs)}/s, ` +
        `write assessments ${rate(stages.writeMs)}/s (enterprises per second of each stage)`,
    );
    if (failed > 0) process.exitCode = 2;
  }

  @Option({
    flags: '--as-of <date>',
    description: 'the regulatory date, YYYY-MM-DD (default: today, Asia/Shanghai)',
  })
  parseAsOf(value: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('--as-of must be YYYY-MM-DD');
    return value;
  }

  @Option({
    flags: '--region <prefix>',
    description: 'only enterprises whose division code starts with this',
  })
  parseRegion(value: string): string {
    if (!/^\d{1,6}$/.test(value)) throw new Error('--region must be 1-6 digits');
    return value;
  }

  @Option({
    flags: '--batch-size <n>',
    description: 'enterprises per batch (one fact query each; default 5000)',
  })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error('--batch-size must be a positive whole number');
    return n;
  }
}

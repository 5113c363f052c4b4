import { DomainError, verifyPlan } from '@app/domain';
import { PlanService } from '@app/inspection';
import { migrateWithLock } from '@app/persistence';
import { DataSource } from 'typeorm';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { readJson } from '../read-json';

interface VerifyOptions {
  poolDigest?: string;
  json?: boolean;
}

/**
 * `tierwatch plan verify <exported-plan.json>`: re-runs a published draw and assignment offline (no
 * database) and lists every difference; exit code 0 when the plan is what its inputs give, 1 otherwise.
 */
@SubCommand({
  name: 'verify',
  arguments: '<exported-plan>',
  description: 're-run an exported plan (tierwatch-plan/1) offline and list every mismatch; exit 1 on any',
})
export class PlanVerifyCommand extends CommandRunner {
  async run([file]: string[], options: VerifyOptions = {}): Promise<void> {
    const result = verifyPlan(readJson(file, 'exported plan'), { publishedPoolDigest: options.poolDigest });
    if (options.json) {
      console.log(JSON.stringify(result, null, 2));
    } else if (result.ok && result.recomputed) {
      const { poolDigest, strata, tasks, unassignable } = result.recomputed;
      console.log(`${file}: plan verified: pool digest ${poolDigest}`);
      for (const s of strata) console.log(`  tier ${s.tier}: ${s.target} of ${s.poolSize} drawn`);
      console.log(`  ${tasks} tasks (${unassignable} unassignable), selection and inspectors as recorded`);
    } else {
      console.error(`${file}: ${result.mismatches.length} mismatch(es)`);
      for (const m of result.mismatches)
        console.error(`  ${m.path === '' ? '(document)' : m.path}: ${m.message}`);
    }
    if (!result.ok) process.exitCode = 1;
  }

  @Option({
    flags: '--pool-digest <sha256>',
    description: 'the pool digest published with the plan: the pool must match it too',
  })
  parsePoolDigest(value: string): string {
    return value.toLowerCase();
  }

  @Option({ flags: '--json', description: 'print the verification as JSON' })
  parseJson(): boolean {
    return true;
  }
}

/** `tierwatch plan create <plan.json>`: the same request as POST /api/v1/inspection-plans. */
@SubCommand({
  name: 'create',
  arguments: '<request.json>',
  description: 'draw a plan from a request file (name, window, scope, items, draw, ratioOverrides, seed)',
})
export class PlanCreateCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlanService,
  ) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    await migrateWithLock(this.dataSource);
    try {
      const plan = await this.plans.create(readJson(file, 'plan request'), 'cli');
      console.log(JSON.stringify(plan, null, 2));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      console.error(`${error.message}:`);
      for (const d of error.details) console.error(`  ${d.path}: ${d.message}`);
      process.exitCode = 1;
    }
  }
}

/** `tierwatch plan export <plan-id>`: the exported plan (tierwatch-plan/1) on stdout, for publication. */
@SubCommand({
  name: 'export',
  arguments: '<plan-id>',
  description: 'print a stored plan as its exported document (tierwatch-plan/1), for anyone to verify',
})
export class PlanExportCommand extends CommandRunner {
  constructor(private readonly plans: PlanService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    process.stdout.write(`${JSON.stringify(await this.plans.export(id))}\n`);
  }
}

@Command({
  name: 'plan',
  description: 'inspection plans (双随机): create, export, verify',
  subCommands: [PlanCreateCommand, PlanExportCommand, PlanVerifyCommand],
})
export class PlanCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

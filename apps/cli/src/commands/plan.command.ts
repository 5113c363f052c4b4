import { DomainError } from '@app/domain';
import { PlanService } from '@app/inspection';
import { migrateWithLock } from '@app/persistence';
import { DataSource } from 'typeorm';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { readJson } from '../read-json';

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

/** `tierwatch plan export <plan-id>`: the exported plan (tierwatch-plan/2) on stdout, for publication. */
@SubCommand({
  name: 'export',
  arguments: '<plan-id>',
  description: 'print a stored plan as its exported document (tierwatch-plan/2), for anyone to verify',
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
  description: 'inspection plans (双随机): create, export (verify is offline: program.ts)',
  subCommands: [PlanCreateCommand, PlanExportCommand],
})
export class PlanCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

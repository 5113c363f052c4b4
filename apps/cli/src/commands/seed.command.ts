import { migrateWithLock } from '@app/persistence';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DemoSeed } from '../demo-seed';

@Command({ name: 'seed', description: 'load seed data: --demo for the hand-written demo stories' })
export class SeedCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly demo: DemoSeed,
  ) {
    super();
  }

  async run(_: string[], options: { demo?: boolean }): Promise<void> {
    if (!options.demo) {
      this.command.error('say what to seed: --demo');
    }
    await migrateWithLock(this.dataSource);
    const { enterprises } = await this.demo.load();
    console.log(
      `demo enterprises: ${enterprises.accepted} new, ${enterprises.updated} updated, ${enterprises.unchanged} unchanged`,
    );
  }

  @Option({ flags: '--demo', description: 'the demo stories from seeds/demo (idempotent)' })
  parseDemo(): boolean {
    return true;
  }
}

import { MIGRATIONS, migrateWithLock, revertAll } from '@app/persistence';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';

@Command({ name: 'migrate', description: 'apply pending database migrations (under an advisory lock)' })
export class MigrateCommand extends CommandRunner {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run(_: string[], options: { revertAll?: boolean }): Promise<void> {
    if (options.revertAll) {
      const n = await revertAll(this.dataSource);
      console.log(`reverted ${n} migration(s); the database is empty`);
      return;
    }
    const applied = await migrateWithLock(this.dataSource);
    console.log(
      applied.length > 0
        ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`
        : `database is up to date (${MIGRATIONS.length} migration(s))`,
    );
  }

  @Option({ flags: '--revert-all', description: 'revert every migration (drops all tierwatch tables)' })
  parseRevertAll(): boolean {
    return true;
  }
}

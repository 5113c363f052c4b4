import { DomainError } from '@app/domain';
import { InspectorService } from '@app/inspection';
import { migrateWithLock } from '@app/persistence';
import { parse } from 'csv-parse/sync';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

@SubCommand({
  name: 'import',
  arguments: '<file>',
  description:
    'add or update inspectors from a CSV (header: id,name,department,regionCode,qualifications,certified,conflictUsccs,relatedPersons,capacityPerPeriod,active; lists with ";") or a JSON array',
})
export class InspectorsImportCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inspectors: InspectorService,
  ) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    await migrateWithLock(this.dataSource);
    const text = readFileSync(file, 'utf8');
    const rows: unknown[] = file.endsWith('.json')
      ? (JSON.parse(text) as unknown[])
      : parse<unknown>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    try {
      const result = await this.inspectors.upsert(rows, 'cli');
      console.log(
        `${rows.length} inspector(s): ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      console.error(`${error.message}; nothing stored:`);
      // CSV row numbers: the header is line 1, so roster row i is line i + 2.
      for (const d of error.details) console.error(`  ${d.path}: ${d.message}`);
      process.exitCode = 1;
    }
  }
}

@Command({ name: 'inspectors', description: 'the inspector roster', subCommands: [InspectorsImportCommand] })
export class InspectorsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

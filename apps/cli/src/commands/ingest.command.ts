import { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { detectFormat, IngestService, IngestTarget, InputFormat, parseInput } from '@app/ingestion';
import { migrateWithLock } from '@app/persistence';
import { Command, CommandRunner, Option } from 'nest-commander';
import { createReadStream, createWriteStream, statSync, WriteStream } from 'node:fs';
import { DataSource } from 'typeorm';
import { Progress } from '../progress';
import { wholeNumber } from '../whole-number';

interface IngestOptions {
  format?: InputFormat;
  target?: IngestTarget;
  atomic?: boolean;
  rejects?: string;
  batchSize?: number;
}

@Command({
  name: 'ingest',
  arguments: '<file>',
  description:
    'ingest enterprises or records from a JSON, NDJSON or CSV file (streamed), with progress and a rejects file',
})
export class IngestCommand extends CommandRunner {
  constructor(
    private readonly ingest: IngestService,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async run([file]: string[], options: IngestOptions): Promise<void> {
    const format = options.format ?? detectFormat(undefined, file);
    if (!format) this.command.error(`cannot tell the format of ${file}: use --format json|ndjson|csv`);
    const target: IngestTarget = options.target ?? (/enterprise/i.test(file) ? 'enterprises' : 'records');
    const size = statSync(file).size;
    await migrateWithLock(this.dataSource);

    const rejectsPath = options.rejects ?? `${file}.rejects.ndjson`;
    let rejects: WriteStream | undefined;
    let bytes = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
        bytes += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    const progress = new Progress(`${target} ← ${file}`, size, 'bytes');
    try {
      const summary = await this.ingest.ingest(target, parseInput(format, counted()), {
        actor: 'cli:ingest',
        prepareInWorker: true,
        atomic: options.atomic,
        batchSize: options.batchSize ?? this.config.ingestBatchSize,
        // Rejected rows stream to the rejects file; a few are kept to show an atomic refusal.
        keepProblems: 100,
        onBatchCommitted: async ({ lastRow, rejected }) => {
          if (rejected.length > 0) {
            rejects ??= createWriteStream(rejectsPath);
            for (const r of rejected) rejects.write(`${JSON.stringify(r)}\n`);
          }
          progress.update(bytes, lastRow);
        },
      });
      progress.stop();
      console.log(
        `${summary.rows} rows in ${progress.seconds().toFixed(1)} s (${Math.round(summary.rows / progress.seconds())} rows/s): ` +
          `${summary.accepted} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
          `${summary.rejected} rejected, ${summary.duplicates} duplicate keys (last wins)`,
      );
      if (summary.rejected > 0) console.log(`rejected rows: ${rejectsPath}`);
      if (summary.rejected > 0) process.exitCode = 2;
    } catch (error) {
      progress.stop();
      if (error instanceof DomainError) {
        console.error(`${error.message}`);
        for (const d of error.details.slice(0, 20)) console.error(`  ${d.path}: ${d.message}`);
        if (error.details.length > 20) console.error(`  … and more`);
        if (rejects) console.error(`rejected rows: ${rejectsPath}`);
        process.exitCode = 1;
        return;
      }
      throw error;
    } finally {
      await new Promise<void>((resolve) => (rejects ? rejects.end(resolve) : resolve()));
    }
  }

  @Option({ flags: '--format <format>', description: 'json, ndjson or csv (default: from the extension)' })
  parseFormat(value: string): InputFormat {
    if (!['json', 'ndjson', 'csv'].includes(value)) throw new Error('--format must be json, ndjson or csv');
    return value as InputFormat;
  }

  @Option({
    flags: '--target <target>',
    description: 'enterprises or records (default: "enterprises" if the file name says so)',
  })
  parseTarget(value: string): IngestTarget {
    if (value !== 'enterprises' && value !== 'records')
      throw new Error('--target must be enterprises or records');
    return value;
  }

  @Option({ flags: '--atomic', description: 'store all rows or none' })
  parseAtomic(): boolean {
    return true;
  }

  @Option({
    flags: '--rejects <path>',
    description: 'where to write rejected rows (default: <file>.rejects.ndjson)',
  })
  parseRejects(value: string): string {
    return value;
  }

  @Option({ flags: '--batch-size <n>', description: 'rows per committed batch' })
  parseBatchSize(value: string): number {
    return wholeNumber(value, '--batch-size');
  }
}

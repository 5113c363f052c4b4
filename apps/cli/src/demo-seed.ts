import { IngestService, IngestSummary, parseInput } from '@app/ingestion';
import { Injectable } from '@nestjs/common';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-paths';

export interface DemoStory {
  key: string;
  uscc: string;
  name: string;
  story: string;
}

/**
 * Loads the hand-written demo stories (seeds/demo) through the same ingestion path the API uses.
 * Fixed ids make it idempotent: a second run reports everything unchanged.
 */
@Injectable()
export class DemoSeed {
  constructor(private readonly ingest: IngestService) {}

  stories(): DemoStory[] {
    return JSON.parse(readFileSync(this.path('stories.json'), 'utf8')) as DemoStory[];
  }

  async load(): Promise<{ enterprises: IngestSummary; records: IngestSummary }> {
    const options = { actor: 'seed:demo', atomic: true, dedupeWholeInput: true };
    const enterprises = await this.ingest.ingest(
      'enterprises',
      parseInput('json', createReadStream(this.path('enterprises.json'))),
      options,
    );
    const records = await this.ingest.ingest(
      'records',
      parseInput('json', createReadStream(this.path('records.json'))),
      options,
    );
    return { enterprises, records };
  }

  private path(file: string): string {
    return join(repoRoot(), 'seeds', 'demo', file);
  }
}

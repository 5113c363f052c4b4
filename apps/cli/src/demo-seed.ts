import { EnterpriseService, IngestResult } from '@app/ingestion';
import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Progress } from './progress';
import { repoRoot } from './repo-paths';

export interface DemoStory {
  key: string;
  uscc: string;
  name: string;
  story: string;
}

/**
 * Loads the hand-written demo stories (seeds/demo) through the same services the API uses. Fixed
 * ids make it idempotent: a second run reports everything unchanged.
 */
@Injectable()
export class DemoSeed {
  constructor(private readonly enterprises: EnterpriseService) {}

  stories(): DemoStory[] {
    return this.read<DemoStory[]>('stories.json');
  }

  async load(): Promise<{ enterprises: IngestResult }> {
    const rows = this.read<unknown[]>('enterprises.json');
    const progress = new Progress('enterprises', rows.length);
    const total: IngestResult = { accepted: 0, updated: 0, unchanged: 0, rejected: [], duplicates: [] };
    for (let i = 0; i < rows.length; i += 100) {
      const result = await this.enterprises.ingest(rows.slice(i, i + 100), 'seed:demo', { atomic: true });
      total.accepted += result.accepted;
      total.updated += result.updated;
      total.unchanged += result.unchanged;
      progress.increment(Math.min(100, rows.length - i));
    }
    progress.stop();
    return { enterprises: total };
  }

  private read<T>(file: string): T {
    return JSON.parse(readFileSync(join(repoRoot(), 'seeds', 'demo', file), 'utf8')) as T;
  }
}

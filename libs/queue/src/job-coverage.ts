import { JobName } from './queue.contract';

export interface FoundHandler {
  job: string;
  owner: string;
}

/** Problems with the set of job handlers found at boot: a job with none, with two, or unknown. */
export function jobCoverageProblems(all: readonly JobName[], found: readonly FoundHandler[]): string[] {
  const problems: string[] = [];
  for (const job of all) {
    const owners = found
      .filter((f) => f.job === (job as string))
      .map((f) => f.owner)
      .sort();
    if (owners.length === 0) problems.push(`job "${job}" has no handler`);
    if (owners.length > 1) problems.push(`job "${job}" has ${owners.length} handlers: ${owners.join(', ')}`);
  }
  for (const f of found) {
    if (!all.includes(f.job as JobName)) problems.push(`${f.owner} handles unknown job "${f.job}"`);
  }
  return problems;
}

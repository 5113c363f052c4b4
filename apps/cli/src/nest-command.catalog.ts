/**
 * The commands that run inside the CLI's Nest context (they need PostgreSQL, and some Redis), as the
 * top-level help lists them without loading it. Each is the `name` and `description` of its
 * nest-commander class (@Command, or @SubCommand under `plan`); nest-command.catalog.spec.ts holds
 * the two together.
 */
export interface NestCommandEntry {
  /** The words that name it: `ingest`, `plan create`. */
  path: string;
  description: string;
}

export const NEST_COMMANDS: readonly NestCommandEntry[] = [
  { path: 'migrate', description: 'apply pending database migrations (under an advisory lock)' },
  {
    path: 'seed',
    description:
      'load seed data: --demo (the demo stories) or --enterprises N [--seed S] (a synthetic population)',
  },
  { path: 'demo', description: 'migrate, seed the demo stories and show what tierwatch knows' },
  {
    path: 'ingest',
    description:
      'ingest enterprises or records from a JSON, NDJSON or CSV file (streamed), with progress and a rejects file',
  },
  { path: 'api-keys', description: 'API keys of ingest clients: create, list, revoke' },
  { path: 'audit', description: 'audit log tools' },
  { path: 'bench', description: 'benchmarks (figures in docs/benchmarks.md)' },
  {
    path: 'assess',
    description:
      're-tier every enterprise (or a region or industry prefix) as a re-tier run executed in this process, with the tiering version in force on the as-of date',
  },
  { path: 'inspectors', description: 'the inspector roster' },
  {
    path: 'plan create',
    description: 'draw a plan from a request file (name, window, scope, items, draw, ratioOverrides, seed)',
  },
  {
    path: 'plan export',
    description: 'print a stored plan as its exported document (tierwatch-plan/2), for anyone to verify',
  },
  {
    path: 'fuzz',
    description: 'send seeded bad inputs to every write route of a scratch api; count 5xx and writes',
  },
];

/**
 * The commands that run inside the CLI's Nest context (they need PostgreSQL, and some Redis) as
 * their help shows them: name, arguments, description, options and subcommands — the arguments of
 * their nest-commander decorators (@Command, @SubCommand, @Option), copied here so that the CLI can
 * list them and print their `--help` without loading them (which loads Nest, TypeORM and ioredis).
 * nest-command.catalog.spec.ts holds the two equal: change a decorator, change its entry here.
 */
export interface NestOptionSpec {
  flags: string;
  description: string;
}

export interface NestCommandSpec {
  name: string;
  /** As nest-commander's `arguments`, e.g. `<file>`. */
  arguments?: string;
  description: string;
  options?: readonly NestOptionSpec[];
  subCommands?: readonly NestCommandSpec[];
}

export const NEST_COMMANDS: readonly NestCommandSpec[] = [
  {
    name: 'migrate',
    description: 'apply pending database migrations (under an advisory lock)',
    options: [
      {
        flags: '--revert-all',
        description: 'revert every migration (drops all tierwatch tables)',
      },
    ],
  },
  {
    name: 'seed',
    description:
      'load seed data: --demo (the demo stories) or --enterprises N [--seed S] (a synthetic population)',
    options: [
      {
        flags: '--demo',
        description: 'the demo stories from seeds/demo (idempotent)',
      },
      {
        flags: '--enterprises <n>',
        description: 'generate a synthetic population of N enterprises (~10 records each)',
      },
      {
        flags: '--seed <s>',
        description: 'random seed: the same seed gives the same population (default 1)',
      },
      {
        flags: '--as-of <date>',
        description: 'no record after this date, YYYY-MM-DD (default: yesterday)',
      },
    ],
  },
  {
    name: 'demo',
    description: 'migrate, seed the demo stories and show what tierwatch knows',
  },
  {
    name: 'ingest',
    arguments: '<file>',
    description:
      'ingest enterprises or records from a JSON, NDJSON or CSV file (streamed), with progress and a rejects file',
    options: [
      {
        flags: '--format <format>',
        description: 'json, ndjson or csv (default: from the extension)',
      },
      {
        flags: '--target <target>',
        description: 'enterprises or records (default: "enterprises" if the file name says so)',
      },
      {
        flags: '--atomic',
        description: 'store all rows or none',
      },
      {
        flags: '--rejects <path>',
        description: 'where to write rejected rows (default: <file>.rejects.ndjson)',
      },
      {
        flags: '--batch-size <n>',
        description: 'rows per committed batch',
      },
    ],
  },
  {
    name: 'api-keys',
    description: 'API keys of ingest clients: create, list, revoke',
    subCommands: [
      {
        name: 'create',
        description:
          'create an ingest client key: --name NAME --source SRC [--source SRC]; prints the key once',
        options: [
          {
            flags: '--name <name>',
            description: 'who the key is for',
          },
          {
            flags: '--source <source>',
            description: 'a record source the key may write (repeatable)',
          },
        ],
      },
      {
        name: 'list',
        description: 'list the keys (never the keys themselves)',
      },
      {
        name: 'revoke',
        arguments: '<id>',
        description: 'revoke a key by its id',
      },
    ],
  },
  {
    name: 'audit',
    description: 'audit log tools',
    subCommands: [
      {
        name: 'verify',
        description: 'walk the audit log hash chain and report the first broken link',
      },
    ],
  },
  {
    name: 'bench',
    description: 'benchmarks (figures in docs/benchmarks.md)',
    subCommands: [
      {
        name: 'all',
        description:
          'every benchmark at one size, each in a child process; writes bench-results/<date>-<size>.json and .md',
        options: [
          { flags: '--enterprises <n>', description: 'population size of every benchmark (default 100000)' },
          {
            flags: '--lights-events <n>',
            description:
              'investment events of the lights benchmark (default enterprises / 100, at least 1000)',
          },
          {
            flags: '--only <names>',
            description:
              'comma-separated subset of ingest,assess,summary,simulate,workers,plan,lights,sampling',
          },
          { flags: '--out <dir>', description: 'directory of the report (default bench-results/)' },
        ],
      },
      {
        name: 'ingest',
        description: 'ingest a generated population through the real path; compare with bare COPY',
        options: [
          {
            flags: '--enterprises <n>',
            description: 'population size (default 100000; the target run is 1000000)',
          },
          {
            flags: '--seed <s>',
            description: 'population seed (default 1)',
          },
          {
            flags: '--keep',
            description: 'keep the scratch database',
          },
          {
            flags: '--json',
            description: 'also print the figures as one JSON line',
          },
        ],
      },
      {
        name: 'assess',
        description:
          're-tier a generated population end to end (derive, evaluate, write) and compare compiled rules with json-rules-engine',
        options: [
          {
            flags: '--enterprises <n>',
            description: 'population size (default 100000; the target run is 1000000)',
          },
          {
            flags: '--seed <s>',
            description: 'population seed (default 1)',
          },
          {
            flags: '--concurrency <n>',
            description: 'chunks in flight (default WORKER_CONCURRENCY, as a worker runs them)',
          },
          {
            flags: '--chunk-size <n>',
            description: 'enterprises per chunk (default ASSESSMENT_CHUNK_SIZE)',
          },
          {
            flags: '--reuse',
            description: 'keep the populated database (tw_bench_assess_<n>_<seed>) and reuse it next time',
          },
          {
            flags: '--populate-only',
            description: 'only create and populate the database (the bench runs this in a child process)',
          },
          {
            flags: '--layout <layout>',
            description:
              'contiguous (records as ingested, enterprise by enterprise) or interleaved (records in date order across all enterprises, its own database)',
          },
          {
            flags: '--schema <schema>',
            description:
              'plain (the shipped schema) or partitioned (records and assessments partitioned by province, its own database)',
          },
          {
            flags: '--incremental',
            description:
              'after the full run, give 1 % of the enterprises a new record and time the daily incremental run against a full run of that day',
          },
          {
            flags: '--again',
            description:
              'after the full run, time two later full runs (half a month and a month later): what each writes and what it confirms unchanged',
          },
          {
            flags: '--json',
            description: 'also print the figures as one JSON line',
          },
        ],
      },
      {
        name: 'sampling',
        description:
          'draw + inspector assignment of a plan on a synthetic pool and roster (pure, no database)',
        options: [
          {
            flags: '--enterprises <n>',
            description: 'pool size (default 1000000)',
          },
          {
            flags: '--inspectors <n>',
            description: 'roster size (default 5000)',
          },
          {
            flags: '--json',
            description: 'also print the figures as one JSON line',
          },
        ],
      },
      {
        name: 'plan',
        description:
          'draw a 双随机 plan over N tiered enterprises with M inspectors, write and enqueue its tasks; compare with bare addBulk',
        options: [
          {
            flags: '--enterprises <n>',
            description: 'tiered enterprises (default 100000; the target run is 1000000)',
          },
          {
            flags: '--inspectors <n>',
            description: 'roster size (default 5000)',
          },
          {
            flags: '--reuse',
            description:
              'keep the loaded register as a template database (tw_bench_plan_tpl_<n>_<m>) and clone it next time',
          },
          {
            flags: '--relays <n>',
            description: 'outbox relays delivering at once (default 1; each worker process runs one)',
          },
          {
            flags: '--json',
            description: 'also print the figures as one JSON line',
          },
        ],
      },
      {
        name: 'simulate',
        description:
          'simulate a stricter tiering draft on a generated population and compare with a real re-tier run of it',
        options: [
          {
            flags: '--enterprises <n>',
            description: 'population size (default 100000; the target run is 1000000)',
          },
          { flags: '--seed <s>', description: 'population seed (default 1)' },
          { flags: '--concurrency <n>', description: 'chunks in flight (default WORKER_CONCURRENCY)' },
          { flags: '--chunk-size <n>', description: 'enterprises per chunk (default ASSESSMENT_CHUNK_SIZE)' },
          {
            flags: '--reuse',
            description: "reuse bench:assess's populated database (tw_bench_assess_<n>_<seed>)",
          },
          { flags: '--json', description: 'also print the figures as one JSON line' },
        ],
      },
      {
        name: 'lights',
        description: 'investment lights for N generated events through the real path, in a scratch database',
        options: [
          { flags: '--events <n>', description: 'events (default 100000)' },
          {
            flags: '--chunk <n>',
            description: 'rows per request-sized chunk (default 10000, at most 20000)',
          },
          { flags: '--json', description: 'also print the result as JSON' },
        ],
      },
      {
        name: 'workers',
        description:
          'the full re-tier run as the deployment runs it (queued, worker processes), with 1 and with 2 workers: speed-up and where it stops',
        options: [
          { flags: '--enterprises <n>', description: 'population size (default 100000)' },
          { flags: '--seed <s>', description: 'population seed (default 1)' },
          { flags: '--workers <list>', description: 'worker process counts, comma-separated (default 1,2)' },
          {
            flags: '--concurrency <n>',
            description: 'jobs each worker runs at once (default WORKER_CONCURRENCY)',
          },
          { flags: '--json', description: 'also print the figures as one JSON line' },
        ],
      },
      {
        name: 'summary',
        description:
          "GET /tiers/summary (whole register, region and industry prefixes, breakdowns) and the dashboard's requests over HTTP on bench:assess's population",
        options: [
          { flags: '--enterprises <n>', description: "bench:assess's population size (default 100000)" },
          { flags: '--seed <s>', description: 'population seed (default 1)' },
          { flags: '--repeat <n>', description: 'timed requests per case (default 50)' },
          { flags: '--json', description: 'also print the figures as one JSON line' },
        ],
      },
    ],
  },
  {
    name: 'assess',
    description:
      're-tier every enterprise (or a region or industry prefix) as a re-tier run executed in this process, with the tiering version in force on the as-of date',
    options: [
      {
        flags: '--as-of <date>',
        description: 'the regulatory date, YYYY-MM-DD (default: today, Asia/Shanghai)',
      },
      {
        flags: '--region <prefix>',
        description: 'only enterprises whose division code starts with this',
      },
      {
        flags: '--industry <prefix>',
        description: 'only enterprises whose GB/T 4754 industry code starts with this',
      },
      {
        flags: '--chunk-size <n>',
        description:
          'enterprises per chunk (one fact query and one transaction each; default ASSESSMENT_CHUNK_SIZE)',
      },
      {
        flags: '--concurrency <n>',
        description: 'chunks in flight at once (default WORKER_CONCURRENCY, 4)',
      },
    ],
  },
  {
    name: 'inspectors',
    description: 'the inspector roster',
    subCommands: [
      {
        name: 'import',
        arguments: '<file>',
        description:
          'add or update inspectors from a CSV (header: id,name,department,regionCode,qualifications,certified,conflictUsccs,relatedPersons,capacityPerPeriod,active; lists with ";") or a JSON array',
      },
    ],
  },
  {
    name: 'plan',
    description: 'inspection plans (双随机): create, export (verify is offline: program.ts)',
    subCommands: [
      {
        name: 'create',
        arguments: '<request.json>',
        description:
          'draw a plan from a request file (name, window, scope, items, draw, ratioOverrides, seed)',
      },
      {
        name: 'export',
        arguments: '<plan-id>',
        description: 'print a stored plan as its exported document (tierwatch-plan/2), for anyone to verify',
      },
    ],
  },
  {
    name: 'fuzz',
    description: 'send seeded bad inputs to every write route of a scratch api; count 5xx and writes',
    options: [
      {
        flags: '--count <n>',
        description: 'how many bad inputs (default 2000)',
      },
      {
        flags: '--seed <s>',
        description: 'the campaign seed (default 1)',
      },
      {
        flags: '--keep',
        description: 'keep the scratch database',
      },
      {
        flags: '--json',
        description: 'also print the whole report as JSON',
      },
    ],
  },
];

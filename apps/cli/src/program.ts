import { Command, InvalidArgumentError, Option } from 'commander';
import { NEST_COMMANDS, NestCommandSpec } from './nest-command.catalog';

/** The roles a token may carry, for the help text only (the token command checks them with @app/auth). */
export const TOKEN_ROLES_HELP = 'admin, regulator, ingest, rule_author, rule_approver, inspector, enterprise';

/**
 * Every command of `tierwatch`. The offline ones (rules …, plan verify, token) are defined here and
 * load their libraries when they run; the others are nest-commander commands, listed here from
 * NEST_COMMANDS and handed to the Nest context (nest-main.ts) when chosen — their `--help` is
 * printed from that catalog without loading them (nest-help.ts).
 */
export function cliProgram(): Command {
  const program = new Command('tierwatch')
    .description(
      'tierwatch, credit-tiered supervision (信用分级分类监管). rules …, plan verify and token work offline; the other commands need PostgreSQL (and Redis)',
    )
    .showHelpAfterError('(tierwatch --help lists the commands, tierwatch <command> --help its options)')
    // `help <command>` would print a nest-commander command's help from its stub here: `--help` it is.
    .addHelpCommand(false);

  rulesCommands(
    program.command('rules').description('rule sets, offline (no database): validate, eval, test, diff'),
  );

  const plan = program
    .command('plan')
    .description('inspection plans (双随机): create, export (database), verify (offline)')
    .addHelpCommand(false);
  plan
    .command('verify')
    .argument('<exported-plan>')
    .description(
      're-run an exported plan (tierwatch-plan/2 or /1) offline and list every mismatch; exit 1 on any',
    )
    .option(
      '--pool-digest <sha256>',
      'the pool digest published with the plan: the pool must match it too',
      (v) => v.toLowerCase(),
    )
    .option('--json', 'print the verification as JSON')
    .action(async (file: string, options: { poolDigest?: string; json?: boolean }) =>
      (await import('./offline/plan-verify')).verifyPlanFile(file, options),
    );

  tokenCommand(program);

  for (const spec of NEST_COMMANDS) {
    // `plan` is offline (verify) and Nest (create, export): its Nest subcommands join it.
    const group = program.commands.find((c) => c.name() === spec.name);
    if (group) for (const sub of spec.subCommands ?? []) nestCommand(group, [spec.name, sub.name], sub);
    else nestCommand(program, [spec.name], spec);
  }

  program
    .command('drill')
    .description('failure drills against a private PostgreSQL and Redis with the real api and worker')
    .helpOption(false)
    .allowUnknownOption()
    .action(async (_options: unknown, command: Command) => {
      process.exitCode = await (await import('./drill/drill-main')).drillMain(command.args);
    });
  return program;
}

function rulesCommands(rules: Command): void {
  rules
    .command('validate')
    .argument('<file>')
    .description(
      'check a rule set (schema, facts, operators, value types, tiers, then static checks as warnings), a calendar year (rules/calendars) or a deadlines version (rules/deadlines) and print every problem; exit 1 on any',
    )
    .action(async (file: string) => (await import('./offline/rules-validate')).validateRulesFile(file));

  rules
    .command('eval')
    .argument('<rule-set>', 'the rule-set document (JSON)')
    .argument(
      '<facts>',
      'a JSON object, a JSON array of objects, or NDJSON (one object a line); - reads standard input',
    )
    .description(
      'evaluate fact sets with a rule set, no database: one JSON line per fact set with its outcome (tier, frequency policy or fired triggers); exit 1 if any fact set fails',
    )
    .option(
      '--why',
      'add why the other rules did not fire (the first failing condition, value and threshold) and the distance to each tier',
    )
    .action(async (ruleSet: string, facts: string, options: { why?: boolean }) =>
      (await import('./offline/rules-eval')).evalRulesFile(ruleSet, facts, options),
    );

  rules
    .command('test')
    .argument('<file>')
    .description(
      "run the rule set's scenario tests (its `tests`, or the kind's shipped golden scenarios when it has none); exit 1 on any failure",
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { json?: boolean }) =>
      (await import('./offline/rules-test')).testRulesFile(file, options),
    );

  rules
    .command('diff')
    .argument('<from>', 'the rule set before')
    .argument('<to>', 'the rule set after')
    .description(
      'what changes from one rule set to another: facts and rules added, removed and changed (with the fields), outcome changes; as JSON',
    )
    .option('--summary', 'one line per change instead of the JSON')
    .option('--exit-code', 'exit 1 when they differ (as git diff --exit-code)')
    .action(async (from: string, to: string, options: { exitCode?: boolean; summary?: boolean }) =>
      (await import('./offline/rules-diff')).diffRulesFiles(from, to, options),
    );
}

function tokenCommand(program: Command): void {
  program
    .command('token')
    .description(
      'issue a bearer token for the API (signed with AUTH_JWT_SECRET), e.g. --role regulator --region 3301 [--region 3302]',
    )
    .addOption(
      new Option('--role <role>', `role (repeatable): ${TOKEN_ROLES_HELP}`)
        .argParser(collect)
        .makeOptionMandatory(),
    )
    .option(
      '--region <prefix>',
      "a region a regulator covers (repeatable): a division-code prefix such as 3301, or '*' for national",
      collect,
    )
    .option('--inspector <id>', 'the roster id, for an inspector token')
    .option('--subject <name>', 'who the token is for, e.g. regulator:alice')
    .option('--uscc <code>', 'the enterprise, for an enterprise token', (v) => v.trim().toUpperCase())
    .option('--ttl <seconds>', 'lifetime in seconds (default AUTH_TOKEN_TTL_SECONDS)', ttl)
    .action(async (options: import('./offline/token').TokenOptions) =>
      (await import('./offline/token')).issueToken(options),
    );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function ttl(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 60 || n > 30 * 86_400)
    throw new InvalidArgumentError('must be a whole number of seconds, from 60 to 2592000 (30 days)');
  return n;
}

/**
 * A nest-commander command: its arguments and options are the decorators' (nest-commander parses
 * them again in the Nest context), so this one takes everything as it comes.
 */
function nestCommand(parent: Command, path: string[], spec: NestCommandSpec): void {
  parent
    .command(spec.name)
    .description(spec.description)
    .helpOption(false)
    .allowUnknownOption()
    .action(async (_options: unknown, command: Command) => {
      // Help (a flag, or a group such as `bench` without its subcommand) never boots the context.
      const words = [...path, ...command.args];
      const help = await import('./nest-help');
      if (help.nestHelpAsked(words)) return help.printNestHelp(words);
      await (await import('./nest-main')).runNestCommand();
    });
}

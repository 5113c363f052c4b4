import { Command, Option } from 'commander';
import { NEST_COMMANDS, NestCommandSpec } from './nest-command.catalog';

const HELP_FLAGS = ['--help', '-h'];

/**
 * Whether the command line asks for help rather than for work: a help flag, or a group of commands
 * (`bench`, `api-keys`) named without one of its subcommands. `words`: the command line after
 * `tierwatch`, e.g. `['bench', 'plan', '--help']`.
 */
export function nestHelpAsked(words: string[]): boolean {
  if (words.some((w) => HELP_FLAGS.includes(w))) return true;
  let command = nestProgram();
  for (const word of words) {
    const sub = command.commands.find((c) => c.name() === word);
    if (!sub) break;
    command = sub;
  }
  return command.commands.length > 0;
}

/**
 * The help of a nest-commander command as nest-commander would print it, from the catalog of its
 * decorators, without loading it or its Nest context (which would connect to PostgreSQL and Redis
 * first); exits 0.
 */
export function printNestHelp(words: string[]): void {
  const asked = words.some((w) => HELP_FLAGS.includes(w)) ? words : [...words, '--help'];
  nestProgram().parse(asked, { from: 'user' });
}

function nestProgram(): Command {
  const program = new Command('tierwatch');
  for (const spec of NEST_COMMANDS) program.addCommand(commandOf(spec));
  return program;
}

/** The commander command of one spec, with its options and subcommands (a no-op action). */
function commandOf(spec: NestCommandSpec): Command {
  const command = new Command(spec.name).description(spec.description);
  if (spec.arguments) command.arguments(spec.arguments);
  for (const option of spec.options ?? []) command.addOption(new Option(option.flags, option.description));
  for (const sub of spec.subCommands ?? []) command.addCommand(commandOf(sub));
  return command.action(() => undefined);
}

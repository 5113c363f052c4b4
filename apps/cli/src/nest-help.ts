import 'reflect-metadata';
import { Command, Option } from 'commander';
import { CLI_COMMANDS } from './cli.module';

// nest-commander's metadata keys (its decorators store them with Reflect.defineMetadata).
const COMMAND_META = 'CommandBuilder:Command:Meta';
const SUBCOMMAND_META = 'CommandBuilder:Subcommand:Meta';
const OPTION_META = 'CommandBuilder:Option:Meta';

interface CommandMeta {
  name: string;
  arguments?: string;
  description?: string;
  aliases?: string[];
  subCommands?: CommandClass[];
}

interface OptionMeta {
  flags: string;
  description?: string;
  defaultValue?: unknown;
  required?: boolean;
  choices?: string[] | true;
}

type CommandClass = abstract new (...args: never[]) => unknown;

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
 * The help of a nest-commander command, printed from its decorators as nest-commander would build
 * it, without a Nest context (which would connect to PostgreSQL and Redis first); exits 0.
 */
export function printNestHelp(words: string[]): void {
  const asked = words.some((w) => HELP_FLAGS.includes(w)) ? words : [...words, '--help'];
  nestProgram().parse(asked, { from: 'user' });
}

function nestProgram(): Command {
  const program = new Command('tierwatch');
  for (const type of CLI_COMMANDS) {
    const meta = Reflect.getMetadata(COMMAND_META, type) as CommandMeta | undefined;
    if (meta) program.addCommand(commandOf(type, meta));
  }
  return program;
}

/** The commander command of one class, with its options and subcommands (a no-op action). */
export function commandOf(type: CommandClass, meta: CommandMeta): Command {
  const command = new Command(meta.name).description(meta.description ?? '');
  if (meta.arguments) command.arguments(meta.arguments);
  for (const alias of meta.aliases ?? []) command.alias(alias);
  const prototype = type.prototype as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(prototype)) {
    const handler = prototype[key];
    if (typeof handler !== 'function') continue;
    const option = Reflect.getMetadata(OPTION_META, handler) as OptionMeta | undefined;
    if (!option) continue;
    const built = new Option(option.flags, option.description ?? '');
    if (option.defaultValue !== undefined) built.default(option.defaultValue);
    if (Array.isArray(option.choices)) built.choices(option.choices);
    command.addOption(built);
  }
  for (const sub of meta.subCommands ?? []) {
    const subMeta = Reflect.getMetadata(SUBCOMMAND_META, sub) as CommandMeta | undefined;
    if (subMeta) command.addCommand(commandOf(sub, subMeta));
  }
  return command.action(() => undefined);
}

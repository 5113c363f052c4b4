import { ALL_ROLES } from '@app/auth';
import { CLI_COMMANDS } from './cli.module';
import { NEST_COMMANDS, NestCommandSpec } from './nest-command.catalog';
import { cliProgram, TOKEN_ROLES_HELP } from './program';

const COMMAND_META = 'CommandBuilder:Command:Meta';
const SUBCOMMAND_META = 'CommandBuilder:Subcommand:Meta';
const OPTION_META = 'CommandBuilder:Option:Meta';

type CommandClass = abstract new (...args: never[]) => unknown;

interface Meta {
  name: string;
  arguments?: string;
  description?: string;
  subCommands?: CommandClass[];
}

/** A command as its nest-commander decorators describe it, in the catalog's shape. */
function specOf(type: CommandClass, meta: Meta): NestCommandSpec {
  const prototype = type.prototype as Record<string, unknown>;
  const options = Object.getOwnPropertyNames(prototype)
    .map((key) => prototype[key])
    .filter((handler) => typeof handler === 'function')
    .map(
      (handler) =>
        Reflect.getMetadata(OPTION_META, handler) as { flags: string; description?: string } | undefined,
    )
    .filter((option) => option !== undefined)
    .map((option) => ({ flags: option.flags, description: option.description ?? '' }));
  const subCommands = (meta.subCommands ?? []).map((sub) =>
    specOf(sub, Reflect.getMetadata(SUBCOMMAND_META, sub) as Meta),
  );
  return {
    name: meta.name,
    ...(meta.arguments ? { arguments: meta.arguments } : {}),
    description: meta.description ?? '',
    ...(options.length ? { options } : {}),
    ...(subCommands.length ? { subCommands } : {}),
  };
}

describe('the CLI program and the nest-commander commands', () => {
  it('lists every nest-commander command as its decorators describe it (update the catalog with them)', () => {
    const decorated = CLI_COMMANDS.flatMap((type) => {
      const meta = Reflect.getMetadata(COMMAND_META, type) as Meta | undefined;
      return meta ? [specOf(type, meta)] : [];
    });
    expect(NEST_COMMANDS).toEqual(decorated);
  });

  it('has one command per name, the offline ones and the nest-commander ones apart', () => {
    const program = cliProgram();
    const names = program.commands.map((c) => c.name());
    expect(new Set(names).size).toBe(names.length);
    const plan = program.commands.find((c) => c.name() === 'plan');
    expect(plan?.commands.map((c) => c.name()).sort()).toEqual(['create', 'export', 'verify']);
    const rules = program.commands.find((c) => c.name() === 'rules');
    expect(rules?.commands.map((c) => c.name())).toEqual(['validate', 'eval', 'test', 'diff']);
  });

  it("names every role in token's help", () => {
    expect(TOKEN_ROLES_HELP.split(', ').sort()).toEqual([...ALL_ROLES].sort());
  });
});

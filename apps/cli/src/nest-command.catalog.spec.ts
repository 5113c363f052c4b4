import { ALL_ROLES } from '@app/auth';
import { CLI_COMMANDS } from './cli.module';
import { NEST_COMMANDS } from './nest-command.catalog';
import { cliProgram, TOKEN_ROLES_HELP } from './program';

const COMMAND_META = 'CommandBuilder:Command:Meta';
const SUBCOMMAND_META = 'CommandBuilder:Subcommand:Meta';

interface Meta {
  name: string;
  description?: string;
  subCommands?: (abstract new (...args: never[]) => unknown)[];
}

/** Every nest-commander command as the catalog must list it: path → description. */
function fromDecorators(): Map<string, string> {
  const found = new Map<string, string>();
  for (const type of CLI_COMMANDS) {
    const meta = Reflect.getMetadata(COMMAND_META, type) as Meta | undefined;
    if (!meta) continue;
    found.set(meta.name, meta.description ?? '');
    for (const sub of meta.subCommands ?? []) {
      const subMeta = Reflect.getMetadata(SUBCOMMAND_META, sub) as Meta;
      found.set(`${meta.name} ${subMeta.name}`, subMeta.description ?? '');
    }
  }
  return found;
}

describe('the CLI program and the nest-commander commands', () => {
  it('lists every nest-commander command with the description its decorator gives', () => {
    const decorated = fromDecorators();
    for (const entry of NEST_COMMANDS) expect(decorated.get(entry.path)).toBe(entry.description);
    // Every top-level command is listed, itself or (plan) through its subcommands.
    const listed = new Set(NEST_COMMANDS.map((e) => e.path.split(' ')[0]));
    const topLevel = [...decorated.keys()].filter((p) => !p.includes(' '));
    expect(topLevel.filter((name) => !listed.has(name))).toEqual([]);
    const plan = [...decorated.keys()].filter((p) => p.startsWith('plan '));
    expect(plan.sort()).toEqual(
      NEST_COMMANDS.filter((e) => e.path.startsWith('plan '))
        .map((e) => e.path)
        .sort(),
    );
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

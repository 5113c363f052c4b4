import { cliProgram } from './program';
import { CliInputError } from './read-json';

/**
 * The CLI's entry. It loads only commander: the offline commands (rules, plan verify, token) and
 * every `--help` load what they use when they run, and the commands that need PostgreSQL or Redis
 * load the Nest context (nest-commander) only then — so the offline ones work, and start fast, with
 * neither service reachable.
 */
cliProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // A refusal (bad configuration, bad input) is its message; anything else keeps its stack.
    console.error(isRefusal(error) ? error.message : error);
    process.exit(1);
  });

function isRefusal(error: unknown): error is Error {
  return (
    error instanceof CliInputError ||
    (error instanceof Error && (error.name === 'DomainError' || error.name === 'ConfigError'))
  );
}

import { readFileSync } from 'node:fs';

/** Input given on the command line that cannot be used: the CLI prints its message, exits 1. */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliInputError';
  }
}

/** A JSON file given on the command line; the error names the file and what it was meant to be. */
export function readJson(file: string, what: string): unknown {
  return parseJson(readText(file, what), file, what);
}

/** A text file given on the command line (`-`: standard input). */
export function readText(file: string, what: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliInputError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

export function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${what} ${file} is not JSON: ${(error as Error).message}`);
  }
}

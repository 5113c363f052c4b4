import { ApiKeyService } from '@app/apikeys';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

interface CreateOptions {
  name?: string;
  source?: string[];
}

@SubCommand({
  name: 'create',
  description: 'create an ingest client key: --name NAME --source SRC [--source SRC]; prints the key once',
})
export class ApiKeysCreateCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeyService) {
    super();
  }

  async run(_: string[], options: CreateOptions): Promise<void> {
    if (!options.name) this.command.error('--name is required\n');
    if (!options.source?.length) this.command.error('at least one --source is required\n');
    const { key, apiKey } = await this.keys.create({ name: options.name, sources: options.source }, 'cli');
    console.error(
      `API key ${apiKey.id} "${apiKey.name}" for sources ${apiKey.sources.join(', ')}. ` +
        'The key follows; it is not stored and is shown only this once (send it as X-Api-Key):',
    );
    console.log(key);
  }

  @Option({ flags: '--name <name>', description: 'who the key is for' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--source <source>', description: 'a record source the key may write (repeatable)' })
  parseSource(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }
}

@SubCommand({ name: 'list', description: 'list the keys (never the keys themselves)' })
export class ApiKeysListCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeyService) {
    super();
  }

  async run(): Promise<void> {
    const { items } = await this.keys.list({ limit: 1000, offset: 0 });
    for (const k of items) {
      console.log(
        `${k.id}  ${k.prefix}…  ${k.name}  sources ${k.sources.join(',')}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}`,
      );
    }
  }
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'revoke a key by its id' })
export class ApiKeysRevokeCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeyService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    const k = await this.keys.revoke(id, 'cli');
    console.log(`revoked ${k.id} "${k.name}" at ${k.revokedAt}`);
  }
}

@Command({
  name: 'api-keys',
  description: 'API keys of ingest clients: create, list, revoke',
  subCommands: [ApiKeysCreateCommand, ApiKeysListCommand, ApiKeysRevokeCommand],
})
export class ApiKeysCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

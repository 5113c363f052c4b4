import { AuditService } from '@app/audit';
import { Command, CommandRunner, SubCommand } from 'nest-commander';

@SubCommand({ name: 'verify', description: 'walk the audit log hash chain and report the first broken link' })
export class AuditVerifyCommand extends CommandRunner {
  constructor(private readonly audit: AuditService) {
    super();
  }

  async run(): Promise<void> {
    const result = await this.audit.verify();
    if (result.ok) console.log(`audit chain intact: ${result.checked} entries`);
    else {
      console.error(
        `audit chain BROKEN at entry ${result.brokenAt}: ${result.reason} (${result.checked} entries intact before it)`,
      );
      process.exitCode = 1;
    }
  }
}

@Command({ name: 'audit', description: 'audit log tools', subCommands: [AuditVerifyCommand] })
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-paths';
import { DemoSeed } from '../demo-seed';

/** The demo's last section: where the web console is and how to sign in as each persona. */
@Injectable()
export class ConsoleDemoStep {
  constructor(
    private readonly config: AppConfig,
    private readonly demo: DemoSeed,
  ) {}

  async run(): Promise<void> {
    const url = `http://127.0.0.1:${this.config.port}/`;
    const roster = JSON.parse(readFileSync(join(repoRoot(), 'seeds', 'demo', 'inspectors.json'), 'utf8')) as {
      id: string;
      name: string;
    }[];
    const stories = this.demo.stories();
    const enterprise = stories.find((s) => s.uscc.startsWith('91350102')) ?? stories[0];
    const signIn = this.config.authDevLogin
      ? 'AUTH_DEV_LOGIN=true (set in .env.local by npm run demo; never in production)'
      : 'AUTH_DEV_LOGIN is off here: add AUTH_DEV_LOGIN=true to .env.local for the persona page';
    console.log(
      `\n== web console (控制台) ==\n` +
        `   npm run start:api and npm run start:worker, then open ${url} (the console; the API stays at /api/v1)\n` +
        `   sign in at ${url}signin with ${signIn}:\n` +
        `     监管人员 regulator      region "*" (national) or a prefix such as 35 → dashboard, enterprises, imports, plans, tasks\n` +
        `     执法检查人员 inspector   inspector id ${roster[0]?.id ?? 'INS-…'} (${roster[0]?.name ?? ''}) → my tasks\n` +
        `     规则编写 rule author    → rule sets: draft, edit with live problems, diff, simulate\n` +
        `     规则审核 rule approver  → approve and publish the author's draft (another person: four eyes)\n` +
        `     企业 enterprise         code ${enterprise.uscc} (${enterprise.name}) → my tier, forecast, credit repair, my inspections (portal)\n` +
        `     公众 public             ${url}public (一公开, no sign-in)\n` +
        `   guide: docs/console.md`,
    );
  }
}

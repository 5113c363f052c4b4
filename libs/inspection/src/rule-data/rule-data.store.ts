import { rulesDirectory } from '@app/rulesets';
import { DeadlineRules, deadlineRulesInForce, RegulatoryCalendar } from '@app/domain';
import { readRuleData, RuleData, ruleDataFingerprint } from '@app/rules';
import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';

/** Where the rules folder is; defaults to the one shipped with the code (tests give a copy). */
export const RULE_DATA_DIRECTORY = Symbol('RULE_DATA_DIRECTORY');

/**
 * The regulatory calendar (rules/calendars/<year>.json) and the task deadlines
 * (rules/deadlines/<version>.json), read at start and re-read whenever a file of the folder is added,
 * removed or changed — checked on every use, which costs a directory listing and a few stats — so a
 * new year's holiday notice or a new deadlines version takes effect without a release or a restart.
 * A change that does not validate is refused and logged, and the last good data stays in use; at
 * start, bad data stops the process.
 */
@Injectable()
export class RuleDataStore implements OnModuleInit {
  private readonly logger = new Logger(RuleDataStore.name);
  private readonly directory: string;
  private data?: RuleData;
  private refusedFingerprint?: string;

  constructor(@Optional() @Inject(RULE_DATA_DIRECTORY) directory?: string) {
    this.directory = directory ?? rulesDirectory();
  }

  onModuleInit(): void {
    this.current();
  }

  /** The data as the files are now (reloaded if they changed since the last call). */
  current(): RuleData {
    if (!this.data) {
      this.data = readRuleData(this.directory);
      this.logger.log(`rule data loaded: ${this.describe(this.data)}`);
      return this.data;
    }
    const fingerprint = ruleDataFingerprint(this.directory);
    if (fingerprint === this.data.fingerprint || fingerprint === this.refusedFingerprint) return this.data;
    try {
      this.data = readRuleData(this.directory);
      this.refusedFingerprint = undefined;
      this.logger.log(`rule data reloaded: ${this.describe(this.data)}`);
    } catch (error) {
      this.refusedFingerprint = fingerprint;
      const details = (error as { details?: { path: string; message: string }[] }).details ?? [];
      this.logger.error(
        `changed rule data refused, still using the previous data: ${(error as Error).message}` +
          details.map((d) => `; ${d.path}: ${d.message}`).join(''),
      );
    }
    return this.data;
  }

  calendar(): RegulatoryCalendar {
    return this.current().calendar;
  }

  /** The deadlines version in force at an instant, with the calendar to count working days on. */
  deadlinesAt(at: Date): { rules: DeadlineRules; calendar: RegulatoryCalendar } {
    const data = this.current();
    return { rules: deadlineRulesInForce(data.deadlines, at), calendar: data.calendar };
  }

  private describe(data: RuleData): string {
    const years = data.calendars.map((c) => `${c.year}${c.status === 'provisional' ? ' (provisional)' : ''}`);
    return `calendar ${years.join(', ')}; deadlines ${data.deadlines.map((d) => d.version).join(', ')} (${data.directory})`;
  }
}

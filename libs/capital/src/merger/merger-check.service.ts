import { DomainError, ErrorCode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { checkMerger, MergerCheckResult, MergerParty, thresholdsOn } from '../domain/merger-check';
import { LightRulesProvider } from '../lights/light-rules.provider';

/** POST /merger-checks: the filing duty of a deal under the thresholds in force on its date. */
@Injectable()
export class MergerCheckService {
  constructor(private readonly rules: LightRulesProvider) {}

  check(parties: MergerParty[], date: string): MergerCheckResult {
    const t = thresholdsOn(this.rules.capitalData().thresholds, date);
    if (!t) {
      throw new DomainError(ErrorCode.ValidationFailed, `no filing thresholds are in force on ${date}`, [
        { path: 'date', message: 'is before the first thresholds in rules/data/merger-thresholds.json' },
      ]);
    }
    return checkMerger(parties, t);
  }
}

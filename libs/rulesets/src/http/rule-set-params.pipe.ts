import { DomainError, ErrorCode, RULE_SET_KINDS, RuleSetKind } from '@app/domain';
import { Injectable, PipeTransform } from '@nestjs/common';
import { VERSION_LABEL } from '../versions/version-label';

/** A rule-set kind in the path; an unknown one is answered 404, as a kind that does not exist. */
@Injectable()
export class ParseKindPipe implements PipeTransform<string, RuleSetKind> {
  transform(value: string): RuleSetKind {
    if (!(RULE_SET_KINDS as readonly string[]).includes(value)) {
      throw new DomainError(ErrorCode.NotFound, `no rule-set kind ${value.slice(0, 64)}`, [
        { path: 'kind', message: `must be one of ${RULE_SET_KINDS.join(', ')}` },
      ]);
    }
    return value as RuleSetKind;
  }
}

/** A version label in the path; one the schema could never allow is answered 404. */
@Injectable()
export class ParseVersionPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!VERSION_LABEL.test(value)) {
      throw new DomainError(ErrorCode.NotFound, `no rule-set version ${value.slice(0, 64)}`);
    }
    return value;
  }
}

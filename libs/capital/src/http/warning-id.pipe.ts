import { DomainError, ErrorCode } from '@app/domain';
import { Injectable, PipeTransform } from '@nestjs/common';

/** Warning ids are bigint identities: anything else is a warning that does not exist (404). */
@Injectable()
export class WarningIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[1-9]\d{0,17}$/.test(value))
      throw new DomainError(ErrorCode.NotFound, `no investment warning ${value.slice(0, 64)}`);
    return value;
  }
}

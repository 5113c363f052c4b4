import { DomainError, ErrorCode, normalizeUscc } from '@app/domain';
import { EnterpriseEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Reads of the enterprise register (writes go through IngestService). */
@Injectable()
export class EnterpriseService {
  constructor(private readonly dataSource: DataSource) {}

  async get(uscc: string): Promise<EnterpriseEntity> {
    const found = await this.dataSource
      .getRepository(EnterpriseEntity)
      .findOneBy({ uscc: normalizeUscc(uscc) });
    if (!found) throw new DomainError(ErrorCode.NotFound, `no enterprise with uscc ${uscc}`);
    return found;
  }
}

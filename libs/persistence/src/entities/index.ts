import { AssessmentEntity } from './assessment.entity';
export * from './json.types';
import { AccessLogEntity } from './access-log.entity';
import { AuditLogEntity } from './audit-log.entity';
import { CreditRecordEntity } from './credit-record.entity';
import { EnterpriseEntity } from './enterprise.entity';
import { ImportEntity } from './import.entity';
import { InvestmentEventEntity } from './investment-event.entity';
import { OutboxEntity } from './outbox.entity';
import { RiskRecordEntity } from './risk-record.entity';
import { RuleSetVersionEntity } from './rule-set-version.entity';

export * from './access-log.entity';
export * from './assessment.entity';
export * from './audit-log.entity';
export * from './credit-record.entity';
export * from './enterprise.entity';
export * from './import.entity';
export * from './investment-event.entity';
export * from './outbox.entity';
export * from './risk-record.entity';
export * from './rule-set-version.entity';

/** Listed explicitly (no globs) so the build output and the test runner load the same set. */
export const ENTITIES = [
  EnterpriseEntity,
  CreditRecordEntity,
  RiskRecordEntity,
  InvestmentEventEntity,
  RuleSetVersionEntity,
  AssessmentEntity,
  AuditLogEntity,
  AccessLogEntity,
  OutboxEntity,
  ImportEntity,
];

import { CoreSchema1764000000000 } from './1764000000000-CoreSchema';
import { Imports1764100000000 } from './1764100000000-Imports';
import { BulkIngestion1764200000000 } from './1764200000000-BulkIngestion';
import { ReassessmentMarks1764300000000 } from './1764300000000-ReassessmentMarks';
import { AssessmentKnownAt1764400000000 } from './1764400000000-AssessmentKnownAt';
import { AssessmentRuns1764500000000 } from './1764500000000-AssessmentRuns';
import { Inspection1764600000000 } from './1764600000000-Inspection';
import { NarrowRecordIndexes1764900000000 } from './1764900000000-NarrowRecordIndexes';
import { EnterpriseRegistrationOrder1765000000000 } from './1765000000000-EnterpriseRegistrationOrder';
import { AssessmentDocumentsAsJson1765100000000 } from './1765100000000-AssessmentDocumentsAsJson';
import { OutboxRunAt1765200000000 } from './1765200000000-OutboxRunAt';
import { RunChunkFailures1765210000000 } from './1765210000000-RunChunkFailures';
import { ImportAllowedSources1765300000000 } from './1765300000000-ImportAllowedSources';
import { AccessLog1765400000000 } from './1765400000000-AccessLog';
import { ApiKeys1765500000000 } from './1765500000000-ApiKeys';
import { DrawProvenanceAndDeadlineRules1765600000000 } from './1765600000000-DrawProvenanceAndDeadlineRules';
import { RuleSetLifecycle1765700000000 } from './1765700000000-RuleSetLifecycle';
import { Simulations1765710000000 } from './1765710000000-Simulations';
import { MoreRuleSetKinds1765790000000 } from './1765790000000-MoreRuleSetKinds';
import { ObservationPeriods1765800000000 } from './1765800000000-ObservationPeriods';
import { SandboxEnrolments1765801000000 } from './1765801000000-SandboxEnrolments';
import { EnforcementMeasures1765802000000 } from './1765802000000-EnforcementMeasures';
import { EnforcementMeasureRecords1765803000000 } from './1765803000000-EnforcementMeasureRecords';
import { InspectionLimits1765810000000 } from './1765810000000-InspectionLimits';
import { CapitalLights1765820000000 } from './1765820000000-CapitalLights';
import { RepairApplications1765830000000 } from './1765830000000-RepairApplications';
import { InspectionVerification1765831000000 } from './1765831000000-InspectionVerification';
import { TierSummary1765850000000 } from './1765850000000-TierSummary';
import { PlatformRiskAssessment1765870000000 } from './1765870000000-PlatformRiskAssessment';
import { PlatformComplianceRecords1765880000000 } from './1765880000000-PlatformComplianceRecords';
import { PlatformComplianceGrades1765881000000 } from './1765881000000-PlatformComplianceGrades';
import { NextTierChange1765900000000 } from './1765900000000-NextTierChange';
import { EnterpriseFillfactor1765901000000 } from './1765901000000-EnterpriseFillfactor';
import { UsccCollation1765902000000 } from './1765902000000-UsccCollation';
import { EnterpriseNameSearch1765910000000 } from './1765910000000-EnterpriseNameSearch';
import { TieringPublishedChecksumRestored1765920000000 } from './1765920000000-TieringPublishedChecksumRestored';
import { ConfirmedAssessments1765930000000 } from './1765930000000-ConfirmedAssessments';
import { CurrentAssessmentAsOf1765931000000 } from './1765931000000-CurrentAssessmentAsOf';
import { CoveringRecordIndexes1765932000000 } from './1765932000000-CoveringRecordIndexes';
import { CurrentFactsKey1765933000000 } from './1765933000000-CurrentFactsKey';
import { ConfirmationBatches1765934000000 } from './1765934000000-ConfirmationBatches';
import { UntieredIndex1765935000000 } from './1765935000000-UntieredIndex';
import { TieringDue1765936000000 } from './1765936000000-TieringDue';

/** In order. A new migration is generated as `<timestamp>-<Name>.ts` and appended here. */
export const MIGRATIONS = [
  CoreSchema1764000000000,
  Imports1764100000000,
  BulkIngestion1764200000000,
  ReassessmentMarks1764300000000,
  AssessmentKnownAt1764400000000,
  AssessmentRuns1764500000000,
  Inspection1764600000000,
  NarrowRecordIndexes1764900000000,
  EnterpriseRegistrationOrder1765000000000,
  AssessmentDocumentsAsJson1765100000000,
  OutboxRunAt1765200000000,
  RunChunkFailures1765210000000,
  ImportAllowedSources1765300000000,
  AccessLog1765400000000,
  ApiKeys1765500000000,
  DrawProvenanceAndDeadlineRules1765600000000,
  RuleSetLifecycle1765700000000,
  Simulations1765710000000,
  MoreRuleSetKinds1765790000000,
  ObservationPeriods1765800000000,
  SandboxEnrolments1765801000000,
  EnforcementMeasures1765802000000,
  EnforcementMeasureRecords1765803000000,
  InspectionLimits1765810000000,
  CapitalLights1765820000000,
  RepairApplications1765830000000,
  InspectionVerification1765831000000,
  TierSummary1765850000000,
  PlatformRiskAssessment1765870000000,
  PlatformComplianceRecords1765880000000,
  PlatformComplianceGrades1765881000000,
  NextTierChange1765900000000,
  EnterpriseFillfactor1765901000000,
  UsccCollation1765902000000,
  EnterpriseNameSearch1765910000000,
  TieringPublishedChecksumRestored1765920000000,
  ConfirmedAssessments1765930000000,
  CurrentAssessmentAsOf1765931000000,
  CoveringRecordIndexes1765932000000,
  CurrentFactsKey1765933000000,
  ConfirmationBatches1765934000000,
  UntieredIndex1765935000000,
  TieringDue1765936000000,
];

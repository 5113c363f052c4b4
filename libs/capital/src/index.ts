export * from './domain/money.util';
export * from './domain/industry-section.util';
export * from './domain/merger-check';
export * from './domain/negative-list';
export * from './domain/investment-event.types';
export * from './domain/light-facts';
export * from './domain/decide-light';
export * from './domain/evaluate-light';
export * from './data/capital-data.loader';
export * from './domain/warning-state';
export { CapitalModule, CapitalHttpModule, CapitalWorkerModule } from './capital.module';
export { WarningQuietJob } from './warnings/warning-quiet.job';
export { InvestmentEventService, type CapitalIngestOptions } from './events/investment-event.service';
export { OwnershipLinkService } from './ownership/ownership-link.service';
export { InvestmentWarningService } from './warnings/investment-warning.service';
export { EnterpriseLightsService } from './lights/enterprise-lights.service';
export { MergerCheckService } from './merger/merger-check.service';
export { LightService } from './lights/light.service';
export { GroupRepository } from './lights/group.repository';
export { LightRulesProvider } from './lights/light-rules.provider';
export * from './domain/platform-grade';
export { PlatformGradeService } from './platforms/platform-grade.service';
export { EnterpriseLightView } from './http/capital.dto';
export {
  PlatformComplianceService,
  type PlatformComplianceView,
} from './platforms/platform-compliance.service';

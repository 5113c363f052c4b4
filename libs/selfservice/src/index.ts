export * from './repair/repair-timeline';
export { RepairService } from './repair/repair.service';
export { Retier } from './retier';
export { languageOf, say, type Language } from './plain-language';
export { SelfServiceCoreModule, SelfServiceHttpModule, SelfServiceWorkerModule } from './selfservice.module';
export { TierOutlookService } from './tier/tier-outlook.service';
export {
  forecastTier,
  factsAsOf,
  stopsCountingOn,
  type ForecastRecord,
  type Forecast,
} from './tier/forecast';

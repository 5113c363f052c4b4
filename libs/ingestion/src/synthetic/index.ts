export { generatePopulation, generateEnterprises, generateRecords } from './population.generator';
export type { PopulationRow } from './population.generator';
export type { PopulationOptions } from './population-context';
export { MAX_ENTERPRISES } from './population-context';
export { profileOf, RISK_PROFILES } from './risk-profile.util';
export type { RiskProfile } from './risk-profile.util';
export type { SyntheticEnterpriseRow } from './synthetic-enterprise.factory';
export type { SyntheticCreditRecordRow, SyntheticRiskRecordRow, SyntheticRecordRow } from './record.writer';

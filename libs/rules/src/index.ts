export * from './rule-set';
export * from './engine';

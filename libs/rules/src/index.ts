export * from './rule-set';
export * from './engine';
export * from './rule-data';
export * from './authoring';

export * from './errors/domain-error';
export * from './digest/canonical-json';
export * from './uscc';
export * from './calendar';
export * from './records/record-types';
export * from './rules/rule-set-kinds';
export * from './tasks/task-state';
export * from './inspection';
export { parseLocalDate } from './calendar/local-date.util';

/** The one clock, shared with the rule-set life cycle (libs/domain); tests move it. */
export { Clock } from '@app/domain';

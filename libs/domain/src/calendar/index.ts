export type { LocalDate } from './local-date.util';
export {
  shanghaiDateOf,
  shanghaiIsoString,
  startOfShanghaiDay,
  endOfShanghaiDay,
} from './shanghai-time.util';
export type { CalendarDay, CalendarStatus, YearCalendar } from './year-calendar.types';
export { validateYearCalendar } from './year-calendar.validator';
export { RegulatoryCalendar } from './regulatory-calendar.model';

import { YearCalendar } from '../year-calendar.types';
import { calendar2025 } from './2025';
import { calendar2026 } from './2026';
import { calendar2027 } from './2027';

/**
 * Every year of holiday data shipped with tierwatch. Plain imports, never file reads, so the
 * calendar is available synchronously and identically in api, worker and tests.
 */
export const SHIPPED_YEAR_CALENDARS: readonly YearCalendar[] = [calendar2025, calendar2026, calendar2027];

export { calendar2025, calendar2026, calendar2027 };

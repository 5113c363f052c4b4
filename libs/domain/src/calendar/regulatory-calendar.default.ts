import { SHIPPED_YEAR_CALENDARS } from './holidays';
import { RegulatoryCalendar } from './regulatory-calendar.model';

/**
 * The calendar built from the shipped holiday data. Constructing it validates every year, so a
 * transcription error fails at import time rather than in a deadline months later.
 */
export const regulatoryCalendar = new RegulatoryCalendar(SHIPPED_YEAR_CALENDARS);

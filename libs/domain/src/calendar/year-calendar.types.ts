import { LocalDate } from './local-date.util';

/**
 * 'official' years transcribe a State Council notice; 'provisional' years hold only the statutory
 * holidays until the notice (with its bridging and make-up days) is published, so deadlines
 * computed in them may move.
 */
export type CalendarStatus = 'official' | 'provisional';

export interface CalendarDay {
  readonly date: LocalDate;
  readonly name: string;
}

/** One year of holiday data, transcribed from its source notice. */
export interface YearCalendar {
  readonly year: number;
  readonly status: CalendarStatus;
  /** Where the data comes from, so a reviewer can check it against the notice. */
  readonly source: string;
  /** Anything a reviewer of the data should know (why a year is provisional, lunar dates…). */
  readonly notes?: string;
  /** Days off, including weekend days inside a holiday block. */
  readonly holidays: readonly CalendarDay[];
  /** Weekend days declared working days (调休上班) to bridge a holiday block. */
  readonly makeUpWorkdays: readonly CalendarDay[];
}

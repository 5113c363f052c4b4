import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegulatoryCalendar } from './regulatory-calendar.model';
import { YearCalendar } from './year-calendar.types';

/**
 * Tests only: the shipped holiday data read straight from rules/calendars/<year>.json. In the
 * services the files are read, schema-checked and reloaded by libs/rules' rule-data loader; the
 * domain itself never reads a file.
 */
export const CALENDARS_DIRECTORY = join(__dirname, '../../../../rules/calendars');

function readYear(file: string): YearCalendar {
  const { year, status, source, holidays, makeUpWorkdays } = JSON.parse(
    readFileSync(join(CALENDARS_DIRECTORY, file), 'utf8'),
  ) as YearCalendar;
  return { year, status, source, holidays, makeUpWorkdays };
}

export const SHIPPED_YEAR_CALENDARS: readonly YearCalendar[] = readdirSync(CALENDARS_DIRECTORY)
  .filter((f) => /^\d{4}\.json$/.test(f))
  .sort()
  .map(readYear);

function year(y: number): YearCalendar {
  const found = SHIPPED_YEAR_CALENDARS.find((c) => c.year === y);
  if (!found) throw new Error(`rules/calendars/${y}.json is missing`);
  return found;
}

export const calendar2025 = year(2025);
export const calendar2026 = year(2026);
export const calendar2027 = year(2027);

export const regulatoryCalendar = new RegulatoryCalendar(SHIPPED_YEAR_CALENDARS);

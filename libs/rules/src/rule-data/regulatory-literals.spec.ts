import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * "Every regulatory number is rule data with an effective date, never a literal in code": the
 * domain and feature libs' source (specs aside, comments stripped) must not hold a deadline's number
 * of days or hours, nor holiday data. The structural proof that deadlines follow the data is in
 * rule-data.loader.spec.ts and task-deadlines.spec.ts (change the data → the deadline changes);
 * this guard keeps a number from creeping back.
 */
const ROOT = join(__dirname, '../../../..');
const LIBS = ['domain', 'rules', 'assessment', 'inspection', 'ingestion'];

const CHECKS: { what: string; pattern: RegExp }[] = [
  {
    what: 'a number of working days given to the calendar',
    pattern: /\b(addWorkingDays|deadline)\(\s*[^,()]+,\s*\d+\s*\)/,
  },
  {
    what: 'a deadline constant',
    pattern: /\b[A-Z][A-Z0-9_]*(WORKING_DAYS|LEAD|DUE|DEADLINE|REMIND)[A-Z0-9_]*\s*(:[^=]+)?=\s*\d/,
  },
  {
    what: 'a lead time or due date multiplied out of a literal',
    pattern:
      /(remind|lead|due|deadline|publi|correct).*\b\d+\s*\*\s*(3_?600|60\s*\*\s*60|86_?400|DAY_MS|HOUR_MS)/i,
  },
  { what: 'a table of days', pattern: /\b\w*(dueIn|Due|workingDays|calendarDays|leadHours)\w*\s*:\s*\d+/ },
  { what: 'a number of days multiplied out of a literal', pattern: /\b\d+\s*\*\s*(86_?400_?000|DAY_MS)\b/ },
  { what: 'a number of working days in a text', pattern: /\b\d+\s+working days?\b/i },
  {
    what: 'holiday data',
    pattern: /['"`]\d{4}-\d{2}-\d{2}['"`].*(元旦|春节|清明|劳动节|端午|中秋|国庆|调休)/,
  },
];

/**
 * OpenAPI summaries of two routes still quote the numbers; controllers are being rewritten (DTOs)
 * elsewhere, and the texts should say "within the publication period (rules/deadlines)" there.
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.spec(-helper)?\.ts$/.test(name) ? [path] : [];
  });
}

function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function findings(text: string, file = 'snippet'): string[] {
  return withoutComments(text)
    .split('\n')
    .flatMap((line, i) =>
      CHECKS.filter((c) => c.pattern.test(line)).map((c) => `${file}:${i + 1}: ${c.what}: ${line.trim()}`),
    );
}

describe('no regulatory number in the code of the domain and feature libs', () => {
  it('finds none', () => {
    const files = LIBS.flatMap((lib) => sources(join(ROOT, 'libs', lib, 'src')));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => findings(readFileSync(f, 'utf8'), relative(ROOT, f)));
    expect(found).toEqual([]);
  });

  it('would have found what the code held before (the guard guards)', () => {
    const before = [
      'export const PUBLICATION_WORKING_DAYS = 20;',
      'export const CORRECTION_WORKING_DAYS = 3;',
      'export const REMINDER_LEAD_MS = 48 * 3600 * 1000;',
      'const deadline = regulatoryCalendar.deadline(now, 20);',
      '  urgent: { job: 1, task: 3, dueInDays: 3 },',
      '  new Date(endOfShanghaiDay(today).getTime() + 7 * 86_400_000),',
      "    { date: '2026-01-01', name: '元旦' },",
      'message: `corrections end ${at} (3 working days after publication)`,',
    ];
    expect(before.filter((line) => findings(line).length === 0)).toEqual([]);
    expect(findings('// publish within 20 working days\nconst x = 1; /* 3 working days */')).toEqual([]);
  });
});

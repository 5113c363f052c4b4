/**
 * The GB/T 4754-2017 section (门类, A–T) of an industry code: codes carry their section letter
 * (C3911) or only the division digits (3911, 39), whose first two digits name the division (大类).
 * The division ranges are the classification's own structure, not a regulatory number.
 */
const SECTION_OF_DIVISION: readonly [number, number, string][] = [
  [1, 5, 'A'],
  [6, 12, 'B'],
  [13, 43, 'C'],
  [44, 46, 'D'],
  [47, 50, 'E'],
  [51, 52, 'F'],
  [53, 60, 'G'],
  [61, 62, 'H'],
  [63, 65, 'I'],
  [66, 69, 'J'],
  [70, 70, 'K'],
  [71, 72, 'L'],
  [73, 75, 'M'],
  [76, 79, 'N'],
  [80, 82, 'O'],
  [83, 83, 'P'],
  [84, 85, 'Q'],
  [86, 90, 'R'],
  [91, 97, 'S'],
  [98, 98, 'T'],
];

/** The section letter, or undefined for a code that names none. */
export function industrySection(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  const letter = /^[A-T]/.exec(code)?.[0];
  const digits = /^[A-T]?(\d{2})/.exec(code)?.[1];
  if (digits === undefined) return letter;
  const division = Number(digits);
  const found = SECTION_OF_DIVISION.find(([from, to]) => division >= from && division <= to)?.[2];
  return letter ?? found;
}

/** The code's digits without its section letter ("C3911" → "3911"), for prefix matching. */
export function industryDigits(code: string): string {
  return code.replace(/^[A-T]/, '');
}

/** Whether `code` falls under `listed` (a section letter, or a division/group/class prefix). */
export function industryMatches(code: string, listed: string): boolean {
  if (/^[A-T]$/.test(listed)) return industrySection(code) === listed;
  const digits = industryDigits(listed);
  return digits.length > 0 && industryDigits(code).startsWith(digits);
}

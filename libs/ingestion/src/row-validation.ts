import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validationDetails } from '@app/http';

export interface RejectedRow {
  /** 1-based row number within the request body (the header of a CSV is not counted). */
  row: number;
  path: string;
  message: string;
}

export interface ValidRow<T> {
  row: number;
  value: T;
}

/** Validates each row on its own, so one bad row never hides the good ones. */
export function validateRows<T extends object>(
  cls: new () => T,
  rows: unknown[],
): { valid: ValidRow<T>[]; rejected: RejectedRow[] } {
  const valid: ValidRow<T>[] = [];
  const rejected: RejectedRow[] = [];
  rows.forEach((raw, index) => {
    const row = index + 1;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      rejected.push({ row, path: '', message: 'must be a JSON object' });
      return;
    }
    const value = plainToInstance(cls, raw);
    const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length === 0) valid.push({ row, value });
    else for (const d of validationDetails(errors)) rejected.push({ row, path: d.path, message: d.message });
  });
  return { valid, rejected };
}

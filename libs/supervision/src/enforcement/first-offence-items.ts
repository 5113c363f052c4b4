import { DomainError, ErrorCode } from '@app/domain';
import { parseIsoDuration } from '@app/rules';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The first-offence list (首违不罚清单, rules/data/first-offence-items.json): the items a first minor
 * violation may go unpunished for, and the look-back window that makes a violation a first one, each
 * with its source.
 */
export interface FirstOffenceItems {
  effectiveFrom: string;
  source: { title: string; basis: string; notes?: string };
  lookBack: { window: string; source: string };
  items: { code: string; name: string }[];
}

export function parseFirstOffenceItems(raw: unknown, file = 'first-offence-items.json'): FirstOffenceItems {
  const problems: { path: string; message: string }[] = [];
  const data = raw as Partial<FirstOffenceItems> | null;
  if (typeof data !== 'object' || data === null)
    throw new DomainError(ErrorCode.ValidationFailed, `${file} is not an object`);
  if (typeof data.source?.title !== 'string' || typeof data.source.basis !== 'string')
    problems.push({ path: 'source', message: 'needs title and basis' });
  if (typeof data.lookBack?.window !== 'string' || !parseIsoDuration(data.lookBack.window))
    problems.push({ path: 'lookBack.window', message: 'must be an ISO-8601 duration such as P2Y' });
  if (typeof data.lookBack?.source !== 'string')
    problems.push({ path: 'lookBack.source', message: 'is required' });
  if (!Array.isArray(data.items) || data.items.length === 0)
    problems.push({ path: 'items', message: 'must list items' });
  else
    data.items.forEach((item, i) => {
      if (typeof item?.code !== 'string' || typeof item.name !== 'string' || item.code.length === 0)
        problems.push({ path: `items[${i}]`, message: 'needs a code and a name' });
    });
  if (problems.length > 0) throw new DomainError(ErrorCode.ValidationFailed, `${file} is invalid`, problems);
  return data as FirstOffenceItems;
}

export function readFirstOffenceItems(rulesDirectory: string): FirstOffenceItems {
  const file = join(rulesDirectory, 'data', 'first-offence-items.json');
  return parseFirstOffenceItems(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

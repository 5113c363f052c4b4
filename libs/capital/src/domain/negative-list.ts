import { industryMatches } from './industry-section.util';

/** One item of the market-access negative list (市场准入负面清单), as rules/data holds it. */
export interface NegativeListItem {
  item: string;
  title: string;
  category: 'prohibited' | 'permit';
  /** GB/T 4754 sections or code prefixes the item covers; empty for conduct items. */
  industryCodes: string[];
  /** Words a non-financial enterprise may not use in its name (the finance item's measures). */
  financeTerms?: string[];
  note?: string;
}

export interface NegativeList {
  edition: string;
  title: string;
  source: string;
  items: NegativeListItem[];
}

export interface NegativeListMatch {
  item: string;
  title: string;
  category: 'prohibited' | 'permit';
  /** What matched: the industry code entry, or the finance word. */
  matched: string;
}

/** Items whose industry codes cover the target's industry code. */
export function matchIndustry(
  list: NegativeList,
  industryCode: string | null | undefined,
): NegativeListMatch[] {
  if (!industryCode) return [];
  const found: NegativeListMatch[] = [];
  for (const item of list.items) {
    const hit = item.industryCodes.find((code) => industryMatches(industryCode, code));
    if (hit !== undefined)
      found.push({ item: item.item, title: item.title, category: item.category, matched: hit });
  }
  return found;
}

/** Finance words in the target's name (checked only when the target holds no financial licence). */
export function matchFinanceTerms(list: NegativeList, name: string | null | undefined): NegativeListMatch[] {
  if (!name) return [];
  const found: NegativeListMatch[] = [];
  for (const item of list.items) {
    for (const term of item.financeTerms ?? []) {
      if (name.includes(term))
        found.push({ item: item.item, title: item.title, category: item.category, matched: term });
    }
  }
  return found;
}

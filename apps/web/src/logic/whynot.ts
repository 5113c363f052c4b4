// The explanation's why-not and tier distances in the console's language. The api words them in
// English (rule authors read them); on the Chinese page the distances are rebuilt from their fields
// and a failed condition's fixed wording ("x = v, needs ≥ w") is put into Chinese. Pure,
// unit-tested (whynot.spec.ts).

export interface Distance {
  tier: string;
  min: number | null;
  max: number | null;
  pointsNeeded: number;
  blockedBy?: string;
  text: string;
}

/** "C类:在区间内(得分 72,C类 60–79)", or the api's English text. */
export function distanceText(d: Distance, score: number | undefined, locale: string): string {
  if (locale === 'en') return d.text;
  const range = d.min === null ? `≤ ${d.max}` : d.max === null ? `≥ ${d.min}` : `${d.min}–${d.max}`;
  const where =
    d.pointsNeeded > 0
      ? `还差 ${d.pointsNeeded} 分`
      : d.pointsNeeded < 0
        ? `多出 ${-d.pointsNeeded} 分`
        : '在区间内';
  const scored = score === undefined ? '' : `得分 ${score},`;
  const blocked = d.blockedBy ? `;规则 ${d.blockedBy} 使结果无论得分都不能为${d.tier}类` : '';
  return `${d.tier}类:${where}(${scored}${d.tier}类 ${range})${blocked}`;
}

const OPERATORS: [RegExp, string][] = [
  [/\bnot to contain\b/g, '不包含'],
  [/\bto contain\b/g, '包含'],
  [/\bnone of\b/g, '不属于'],
  [/\bone of\b/g, '属于'],
];

/** "general_penalties_3y = 0, needs ≥ 1" → "general_penalties_3y = 0,需要 ≥ 1". */
export function conditionText(text: string, locale: string): string {
  if (locale === 'en') return text;
  if (text === 'the conditions under not hold, needs them not to') return '“非”之下的条件成立,需要不成立';
  if (text === 'not a fact condition') return '不是事实条件';
  let out = text;
  for (const [pattern, zh] of OPERATORS) out = out.replace(pattern, zh);
  return out
    .replace(/, needs not /g, ',需要不满足 ')
    .replace(/, needs /g, ',需要 ')
    .replace(/\bmissing\b/g, '(无数据)');
}

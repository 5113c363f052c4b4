import type { LocalDate } from '@app/domain';
import type { Language } from '../plain-language';

/**
 * The words an enterprise reads (CONSOLE.md "Words"): tier names, record kinds, severities, dates
 * in the Chinese manner. Interface wording, not rule data: no number here decides anything.
 */

const TIERS: Record<string, { zh: string; en: string }> = {
  A: { zh: 'A类(信用风险低)', en: 'A (low credit risk)' },
  B: { zh: 'B类(信用风险一般)', en: 'B (general credit risk)' },
  C: { zh: 'C类(信用风险较高)', en: 'C (higher credit risk)' },
  D: { zh: 'D类(信用风险高)', en: 'D (high credit risk)' },
};

const TYPES: Record<string, { zh: string; en: string }> = {
  administrative_penalty: { zh: '行政处罚', en: 'administrative penalty' },
  serious_dishonesty_listing: { zh: '列入严重违法失信名单', en: 'listing on the serious dishonesty list' },
  abnormal_operation_listing: { zh: '列入经营异常名录', en: 'listing on the abnormal operation list' },
  spot_check_result: { zh: '抽查检查不合格', en: 'failed inspection' },
  annual_report: { zh: '年度报告未报送', en: 'annual report not filed' },
  tax_credit_grade: { zh: '纳税信用等级', en: 'tax credit grade' },
  court_enforcement: { zh: '法院强制执行', en: 'court enforcement' },
  license_revocation: { zh: '吊销许可证', en: 'licence revocation' },
  commendation: { zh: '表彰', en: 'commendation' },
  algorithm_filing: { zh: '算法备案', en: 'algorithm filing' },
  data_security_record: { zh: '数据安全记录', en: 'data-security record' },
};

const SEVERITIES: Record<string, { zh: string; en: string }> = {
  minor: { zh: '轻微', en: 'minor' },
  general: { zh: '一般', en: 'ordinary' },
  serious: { zh: '较重(严重)', en: 'serious' },
};

export function tierLabel(tier: string, language: Language): string {
  return TIERS[tier]?.[language] ?? tier;
}

/** 2025-03-01 → 2025年3月1日 (zh) or 2025-03-01 (en). */
export function dateText(date: LocalDate, language: Language): string {
  if (language === 'en') return date;
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface RecordWords {
  type: string;
  severity: string | null;
  occurredOn: LocalDate;
  decisionNo: string | null;
}

/** What happened: "您于2025年3月1日受到一般行政处罚(闽榕市监罚〔2025〕12号)". */
export function whatHappened(r: RecordWords, language: Language): string {
  const kind = TYPES[r.type]?.[language] ?? r.type;
  const severity = r.severity ? SEVERITIES[r.severity]?.[language] : undefined;
  const number = r.decisionNo ? (language === 'zh' ? `(${r.decisionNo})` : ` (${r.decisionNo})`) : '';
  if (language === 'zh') {
    const verb = r.type === 'administrative_penalty' ? '受到' : '有';
    return `您于${dateText(r.occurredOn, 'zh')}${verb}${severity ?? ''}${kind}${number}`;
  }
  const article = severity ? `an ${severity}` : 'a';
  return `On ${r.occurredOn} you received ${r.type === 'administrative_penalty' ? `${article} ${kind}` : `a record: ${kind}`}${number}`;
}

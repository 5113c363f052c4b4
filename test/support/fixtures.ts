import { makeUscc } from '@app/domain';

/** A valid enterprise row for tests; `i` picks a distinct uscc. */
export function enterpriseRow(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uscc: usccOf(i),
    name: `测试企业${i}有限公司`,
    regionCode: '330106',
    industryCode: 'C1431',
    establishedOn: '2015-06-01',
    registeredCapital: `${1000 + i}.50`,
    tags: ['food'],
    ...extra,
  };
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A distinct valid uscc per `i` (base-31 in the code's own alphabet, so no two collide). */
export function usccOf(i: number): string {
  let body = '';
  for (let n = i, k = 0; k < 7; k++, n = Math.floor(n / 31)) body = ALPHABET[n % 31] + body;
  return makeUscc({ region: '330106', orgBody: `T${body}` });
}

/** One valid row of every record type, for enterprise `uscc`. */
export function oneOfEachRecord(uscc: string, prefix = 'R'): Record<string, unknown>[] {
  const id = (t: string) => `${prefix}-${t}`;
  return [
    {
      uscc,
      type: 'administrative_penalty',
      source: 'samr-penalty',
      sourceRecordId: id('pen'),
      severity: 'general',
      occurredOn: '2025-03-01',
      publicityUntil: '2028-03-01',
      payload: { measure: 'fine', amount: '5000', heavier: false },
    },
    {
      uscc,
      type: 'abnormal_operation_listing',
      source: 'aic-abnormal',
      sourceRecordId: id('abn'),
      occurredOn: '2025-07-01',
      payload: { reason: 'annual_report_missing', listedOn: '2025-07-01', removedOn: '2025-08-01' },
    },
    {
      uscc,
      type: 'serious_dishonesty_listing',
      source: 'credit-china',
      sourceRecordId: id('sdl'),
      occurredOn: '2024-09-20',
      payload: { listedOn: '2024-09-20' },
    },
    {
      uscc,
      type: 'spot_check_result',
      source: 'spot-check',
      sourceRecordId: id('spot'),
      occurredOn: '2026-03-18',
      payload: { result: 'fail', items: ['标签'] },
    },
    {
      uscc,
      type: 'annual_report',
      source: 'annual-report',
      sourceRecordId: id('ar'),
      occurredOn: '2025-04-15',
      payload: { year: 2024, filedOn: '2025-04-15' },
    },
    {
      uscc,
      type: 'tax_credit_grade',
      source: 'tax',
      sourceRecordId: id('tax'),
      occurredOn: '2025-04-20',
      payload: { grade: 'A', year: 2024 },
    },
    {
      uscc,
      type: 'court_enforcement',
      source: 'court',
      sourceRecordId: id('court'),
      occurredOn: '2025-06-30',
      payload: { caseNo: '(2025)浙0106执1号', amount: '120000' },
    },
    {
      uscc,
      type: 'commendation',
      source: 'credit-china',
      sourceRecordId: id('com'),
      occurredOn: '2024-12-20',
      payload: { title: '诚信示范企业', level: 'provincial' },
    },
    {
      uscc,
      type: 'license_revocation',
      source: 'emergency-mgmt',
      sourceRecordId: id('lic'),
      occurredOn: '2025-11-11',
      payload: { licenseType: '安全生产许可证' },
    },
    {
      uscc,
      type: 'complaint',
      source: '12315',
      sourceRecordId: id('cpl'),
      severity: 'low',
      occurredAt: '2026-08-21T19:30:00+08:00',
      payload: { channel: '12315' },
    },
    {
      uscc,
      type: 'monitoring_alert',
      source: 'monitor',
      sourceRecordId: id('mon'),
      severity: 'high',
      occurredAt: '2026-07-01T08:00:00+08:00',
    },
    {
      uscc,
      type: 'public_opinion',
      source: 'news',
      sourceRecordId: id('po'),
      severity: 'medium',
      occurredAt: '2026-06-06T12:00:00Z',
      payload: { outlet: '本地新闻' },
    },
    {
      uscc,
      type: 'platform_risk_signal',
      source: 'fair-online',
      sourceRecordId: id('sig'),
      severity: 'high',
      occurredAt: '2026-09-03T10:20:00+08:00',
      payload: { signal: 'forced_exclusivity' },
    },
  ];
}

export const toNdjson = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

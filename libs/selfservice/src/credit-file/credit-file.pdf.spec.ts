import { execFileSync } from 'node:child_process';
import { renderCreditFilePdf, shanghaiMinute, yuanText } from './credit-file.pdf';
import type { CreditFileView } from './credit-file.view';

/** A credit file long enough to need a second page: 40 penalties, six assessments, every section filled. */
function fixture(): CreditFileView {
  const records: CreditFileView['records'] = [];
  for (let i = 0; i < 40; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    records.push({
      id: `0190f0a0-0000-7000-8000-${String(i).padStart(12, '0')}`,
      type: 'administrative_penalty',
      severity: i % 3 === 0 ? 'serious' : 'general',
      occurredOn: `${2020 + Math.floor(i / 12)}-${month}-14`,
      source: 'samr-penalty',
      payload: {
        measure: 'fine',
        amount: i === 0 ? '12000000000.5' : String(850000 + i),
        decisionNo: `杭市监罚〔${2020 + Math.floor(i / 12)}〕${100 + i}号`,
        item: '生产经营不符合食品安全标准的食品',
      },
      publicityEndsOn: `${2023 + Math.floor(i / 12)}-${month}-14`,
      repairableFrom: i % 2 === 0 ? `${2021 + Math.floor(i / 12)}-${month}-14` : null,
      counting: i % 4 !== 0,
      endedAt: i % 4 === 0 ? `${2024 + Math.floor(i / 12)}-${month}-14T16:00:00.000Z` : null,
      endedBy: i % 8 === 0 ? 'application' : i % 4 === 0 ? 'publicity_ended' : null,
    });
  }
  const tiers = ['A', 'B', 'C', 'B', 'D', 'C'];
  return {
    generatedAt: '2026-12-02T07:30:00.000Z',
    enterprise: {
      uscc: '91330106MA2000DA53',
      name: '杭州清源食品有限公司',
      regionCode: '330106',
      industryCode: 'C1431',
      establishedOn: '2015-03-01',
      currentTier: 'C',
    },
    records,
    riskRecords: [
      {
        id: 'r1',
        type: 'complaint',
        severity: 'medium',
        occurredAt: '2026-10-10T01:00:00.000Z',
        source: '12315',
        payload: { channel: '12315', category: '食品标签' },
      },
    ],
    listEntries: [
      {
        recordId: 'l1',
        list: 'abnormal_operation_listing',
        listedOn: '2025-07-01',
        removedOn: '2025-09-30',
        reason: 'annual_report_missing',
      },
    ],
    repairs: [
      {
        recordId: records[0].id,
        endedAt: '2024-01-14T16:00:00.000Z',
        basis: 'application',
        applicationId: 'a1',
        ruleSetVersion: '2026.1',
        profile: '2021',
      },
    ],
    repairApplications: [
      {
        id: 'a1',
        recordId: records[0].id,
        status: 'approved',
        profile: '2021',
        grade: null,
        filedAt: '2023-12-20T02:00:00.000Z',
        decideBy: '2024-01-10T15:59:59.999Z',
        escalatedAt: null,
        decidedAt: '2024-01-14T16:00:00.000Z',
        decisionReason: '已整改并履行处罚',
      },
    ],
    assessments: tiers.map((tier, i) => ({
      id: `as${i}`,
      tier,
      score: 70 - i * 5,
      ruleSetVersion: '2026.1',
      asOf: `${2021 + i}-01-01T00:00:00.000Z`,
      trigger: i === 0 ? 'run' : 'change',
    })),
    inspections: [
      {
        taskId: 't1',
        kind: 'random',
        status: 'published',
        plan: '2026年食品生产企业双随机抽查',
        items: [{ name: '食品标签' }],
        window: { from: '2026-03-01T16:00:00.000Z', to: '2026-03-31T15:59:59.999Z' },
        publishedResult: { outcome: 'pass' },
        publishedAt: '2026-04-10T02:00:00.000Z',
      },
    ],
  };
}

/**
 * The text of each page, by pdf-parse (PDF.js) in a child Node process: PDF.js loads its worker
 * with a dynamic import, which jest's CommonJS sandbox refuses.
 */
function textOf(pdf: Buffer): { total: number; pages: string[] } {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: Buffer.concat(chunks) });
      const r = await parser.getText();
      await parser.destroy();
      process.stdout.write(JSON.stringify({ total: r.total, pages: r.pages.map((p) => p.text) }));
    });`;
  const out = execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: __dirname });
  return JSON.parse(out.toString('utf8')) as { total: number; pages: string[] };
}

describe('credit file PDF', () => {
  it('writes amounts in 元 with thousands separators, exactly, and times in Asia/Shanghai', () => {
    expect(yuanText('12000000000.5')).toBe('¥12,000,000,000.50');
    expect(yuanText('850000')).toBe('¥850,000.00');
    expect(yuanText('999.999')).toBe('¥999.999');
    expect(yuanText('0')).toBe('¥0.00');
    expect(shanghaiMinute('2026-12-02T16:30:00.000Z')).toBe('2026-12-03 00:30');
  });

  it('prints every section in Chinese over four numbered pages, table headers repeated, dates in Shanghai time', async () => {
    const pdf = await renderCreditFilePdf(fixture());
    const { total, pages } = textOf(pdf);
    expect(total).toBe(4);
    const all = pages.join('\n');
    pages.forEach((text, i) => {
      expect(text).toContain(`第 ${i + 1} 页 共 ${total} 页`);
      if (i > 0) expect(text).toContain('信用档案 杭州清源食品有限公司 91330106MA2000DA53');
    });
    // The records table runs over pages 1–4, its header on each.
    for (const page of pages) expect(page).toContain('文号 / 事项');
    expect(all).toContain('当前信用风险分类 C类(较高)');
    expect(all).toContain('生成时间 2026-12-02 15:30(北京时间)');
    expect(all).toContain('¥12,000,000,000.50');
    expect(all).toContain('杭市监罚〔2023〕139号');
    expect(all).toContain('行政处罚(严重)');
    expect(all).toContain('未按规定报送年度报告');
    expect(all).toContain('已批准');
    expect(all).toContain('双随机抽查');
    // A window starting 2026-03-01T16:00Z starts on 2 March in Beijing.
    expect(all).toContain('2026-03-02 至 2026-03-31');
    // The chart's tier axis and year ticks.
    for (const label of ['A类(低)', 'D类(高)', '2021-01-01', '2026-12-02']) expect(pages[0]).toContain(label);
    for (const raw of ['serious', 'approved', 'annual_report_missing', 'T07:30'])
      expect(all).not.toContain(raw);
  });

  it('says 无 for an empty section and fits a file without records on one page', async () => {
    const file = { ...fixture(), records: [], repairApplications: [], repairs: [], assessments: [] };
    const { total, pages } = textOf(await renderCreditFilePdf(file));
    expect(total).toBe(1);
    expect(pages[0]).toContain('尚无评定');
    expect(pages[0]).toMatch(/信用记录\(0条\)[\s\S]*无/);
  });
});

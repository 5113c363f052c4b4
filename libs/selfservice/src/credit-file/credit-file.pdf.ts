import { shanghaiDateOf } from '@app/domain';
import PDFDocument from 'pdfkit';
import { dirname, join } from 'node:path';
import type { CreditFileView } from './credit-file.view';

/**
 * The credit file as a PDF a person can read and print: Noto Sans SC (SIL Open Font License, from
 * the @expo-google-fonts/noto-sans-sc package) embedded as a subset of the glyphs used, the tier
 * history drawn as a step chart, then tables of the records, list entries, repair applications,
 * risk information and inspections, their header repeated on every page they run onto; every page
 * carries the enterprise and "第 n 页 共 N 页". Chinese words, dates and times in Asia/Shanghai,
 * amounts in 元 with thousands separators (CONSOLE.md). Dated by the file's generatedAt, so one file
 * renders to the same bytes.
 */

let fontPath: string | undefined;

function cjkFont(): string {
  fontPath ??= join(
    dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
    '400Regular',
    'NotoSansSC_400Regular.ttf',
  );
  return fontPath;
}

const TIER_SHADE: Record<string, string> = { A: '#c9d6e3', B: '#8fa9c4', C: '#4f6f91', D: '#1f3a5a' };
const TIER_ZH: Record<string, string> = { A: 'A类(低)', B: 'B类(一般)', C: 'C类(较高)', D: 'D类(高)' };
const TYPE_ZH: Record<string, string> = {
  administrative_penalty: '行政处罚',
  serious_dishonesty_listing: '严重违法失信名单',
  abnormal_operation_listing: '经营异常名录',
  spot_check_result: '抽查检查结果',
  annual_report: '年度报告',
  tax_credit_grade: '纳税信用等级',
  court_enforcement: '法院强制执行',
  license_revocation: '吊销许可证',
  commendation: '表彰',
  complaint: '投诉举报',
  platform_risk_signal: '平台风险信号',
  monitoring_alert: '监测预警',
  public_opinion: '舆情',
};
const SEVERITY_ZH: Record<string, string> = {
  minor: '轻微',
  general: '一般',
  serious: '严重',
  low: '低',
  medium: '中',
  high: '高',
};
const ENDED_ZH: Record<string, string> = {
  application: '经信用修复',
  publicity_ended: '公示期满',
  source: '来源登记已修复',
};
const APPLICATION_ZH: Record<string, string> = {
  pending: '待决定',
  escalated: '逾期未决(已上报)',
  approved: '已批准',
  rejected: '已驳回',
};
const TASK_KIND_ZH: Record<string, string> = { random: '双随机抽查', triggered: '触发式检查' };
const TASK_STATUS_ZH: Record<string, string> = {
  pending: '待分派',
  assigned: '已分派',
  in_progress: '检查中',
  done: '已完成',
  published: '已公示',
  cancelled: '已取消',
};
const REASON_ZH: Record<string, string> = {
  annual_report_missing: '未按规定报送年度报告',
  address_unreachable: '通过登记的住所无法联系',
  info_concealed: '公示信息隐瞒真实情况、弄虚作假',
  info_not_disclosed: '未按规定公示即时信息',
};

/** "12000000000.5" → "¥12,000,000,000.50" (exact: the decimal text is regrouped, never a float). */
export function yuanText(amount: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const whole = m[2].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (m[3] ?? '').padEnd(2, '0');
  return `${m[1]}¥${whole}.${cents}`;
}

/** An instant as its Asia/Shanghai calendar date. */
function day(instant: string | null | undefined): string {
  return instant ? shanghaiDateOf(new Date(instant)) : '';
}

/** An instant as Asia/Shanghai "2026-12-02 15:30". */
export function shanghaiMinute(instant: string): string {
  const t = new Date(Date.parse(instant) + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const zh = (words: Record<string, string>, key: string | null | undefined) =>
  key ? (words[key] ?? key) : '';

interface Column {
  title: string;
  /** Share of the page width. */
  width: number;
}

export function renderCreditFilePdf(file: CreditFileView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 48, right: 48 },
    bufferPages: true,
    info: {
      Title: `信用档案 ${file.enterprise.name} ${file.enterprise.uscc}`,
      Author: 'tierwatch',
      CreationDate: new Date(file.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');

  const e = file.enterprise;
  doc.fontSize(18).fillColor('#000000').text('信用档案', { align: 'center' });
  doc.fontSize(9).fillColor('#555555').text('Credit file', { align: 'center' });
  doc.moveDown(0.8);
  doc.fontSize(13).fillColor('#000000').text(e.name);
  doc.moveDown(0.2);
  doc.fontSize(9.5);
  doc.text(`统一社会信用代码  ${e.uscc}`);
  doc.text(`行政区划  ${e.regionCode}      行业  ${e.industryCode}      成立日期  ${e.establishedOn}`);
  doc.text(
    `当前信用风险分类  ${e.currentTier ? (TIER_ZH[e.currentTier] ?? e.currentTier) : '未评定'}      生成时间  ${shanghaiMinute(file.generatedAt)}(北京时间)`,
  );
  doc.fontSize(8).fillColor('#555555');
  doc.text('信用风险分类仅供监管部门和企业本人查阅,不对外公示。');
  doc.fillColor('#000000');

  section(doc, '分类历史', 'Tier history');
  tierChart(doc, file);
  table(
    doc,
    [
      { title: '评定日期', width: 0.25 },
      { title: '分类', width: 0.25 },
      { title: '分值', width: 0.2 },
      { title: '规则版本', width: 0.3 },
    ],
    file.assessments.map((a) => [
      day(a.asOf),
      TIER_ZH[a.tier] ?? a.tier,
      a.score === null ? '' : String(a.score),
      a.ruleSetVersion,
    ]),
  );

  section(doc, `信用记录(${file.records.length}条)`, 'Records');
  table(
    doc,
    [
      { title: '日期', width: 0.11 },
      { title: '类别', width: 0.13 },
      { title: '文号 / 事项', width: 0.24 },
      { title: '金额', width: 0.17 },
      { title: '状态', width: 0.13 },
      { title: '公示至', width: 0.11 },
      { title: '可申请修复', width: 0.11 },
    ],
    file.records.map((r) => {
      const p = r.payload;
      const text = (k: string) => (typeof p[k] === 'string' ? p[k] : '');
      const what = [text('decisionNo') || text('caseNo') || text('licenseNo'), text('item') || text('title')]
        .filter((s) => s !== '')
        .join('\n');
      const amount = typeof p.amount === 'string' || typeof p.amount === 'number' ? String(p.amount) : '';
      return [
        r.occurredOn,
        `${zh(TYPE_ZH, r.type)}${r.severity ? `(${zh(SEVERITY_ZH, r.severity)})` : ''}`,
        what,
        amount ? yuanText(amount) : '',
        r.counting
          ? '计入中'
          : `不再计入\n${ENDED_ZH[r.endedBy ?? 'source'] ?? ''}${r.endedAt ? `\n自 ${day(r.endedAt)}` : ''}`,
        r.publicityEndsOn ?? '',
        r.counting ? (r.repairableFrom ?? '') : '',
      ];
    }),
  );

  section(doc, `名单(${file.listEntries.length}条)`, 'List entries');
  table(
    doc,
    [
      { title: '名单', width: 0.25 },
      { title: '列入日期', width: 0.15 },
      { title: '移出日期', width: 0.15 },
      { title: '原因', width: 0.45 },
    ],
    file.listEntries.map((l) => [
      zh(TYPE_ZH, l.list),
      l.listedOn,
      l.removedOn ?? '仍在名单内',
      zh(REASON_ZH, l.reason),
    ]),
  );

  const recordNames = new Map(
    file.records.map((r) => [
      r.id,
      `${r.occurredOn} ${zh(TYPE_ZH, r.type)}${typeof r.payload.decisionNo === 'string' ? `\n${r.payload.decisionNo}` : ''}`,
    ]),
  );
  section(doc, `信用修复申请(${file.repairApplications.length}件)`, 'Repair applications');
  table(
    doc,
    [
      { title: '申请日期', width: 0.12 },
      { title: '所涉记录', width: 0.26 },
      { title: '状态', width: 0.14 },
      { title: '决定期限', width: 0.12 },
      { title: '决定日期', width: 0.12 },
      { title: '决定理由', width: 0.24 },
    ],
    file.repairApplications.map((a) => [
      day(a.filedAt),
      recordNames.get(a.recordId) ?? a.recordId,
      zh(APPLICATION_ZH, a.status),
      day(a.decideBy),
      day(a.decidedAt),
      a.decisionReason ?? '',
    ]),
  );

  section(doc, `风险信息(${file.riskRecords.length}条)`, 'Risk information');
  table(
    doc,
    [
      { title: '日期', width: 0.2 },
      { title: '类别', width: 0.3 },
      { title: '程度', width: 0.2 },
      { title: '来源', width: 0.3 },
    ],
    file.riskRecords.map((r) => [
      day(r.occurredAt),
      zh(TYPE_ZH, r.type),
      zh(SEVERITY_ZH, r.severity),
      r.source,
    ]),
  );

  section(doc, `检查(${file.inspections.length}次)`, 'Inspections');
  table(
    doc,
    [
      { title: '检查期间', width: 0.24 },
      { title: '方式', width: 0.14 },
      { title: '状态', width: 0.1 },
      { title: '计划', width: 0.38 },
      { title: '结果公示', width: 0.14 },
    ],
    file.inspections.map((t) => [
      `${day(t.window.from)} 至 ${day(t.window.to)}`,
      zh(TASK_KIND_ZH, t.kind),
      zh(TASK_STATUS_ZH, t.status),
      t.plan ?? '',
      day(t.publishedAt),
    ]),
  );

  pageFrames(doc, file);
  doc.end();
  return done;
}

function section(doc: PDFKit.PDFDocument, title: string, english: string): void {
  doc.moveDown(0.8);
  ensureRoom(doc, 60);
  const x = doc.page.margins.left;
  const y = doc.y;
  doc.fontSize(12).fillColor('#000000').text(title, x, y, { lineBreak: false });
  const after = x + doc.widthOfString(title) + 8;
  doc
    .fontSize(8)
    .fillColor('#777777')
    .text(english, after, y + 5, { lineBreak: false });
  doc.x = x;
  doc.y = y + 18;
  doc
    .moveTo(x, doc.y + 1)
    .lineTo(doc.page.width - doc.page.margins.right, doc.y + 1)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
  doc.y += 4;
  doc.fillColor('#000000').fontSize(8.5);
}

function bottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= bottom(doc)) return false;
  doc.addPage();
  return true;
}

/** A table: a shaded header row (repeated on a new page), rows as high as their tallest cell. */
function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]): void {
  const left = doc.page.margins.left;
  const full = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const widths = columns.map((c) => c.width * full);
  const pad = 3;
  doc.fontSize(8.5);
  const heightOf = (cells: string[]) =>
    Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - pad * 2 }))) + pad * 2;
  const draw = (cells: string[], header: boolean) => {
    const h = heightOf(cells);
    const y = doc.y;
    if (header) doc.rect(left, y, full, h).fillColor('#eef1f5').fill();
    let x = left;
    doc.fillColor(header ? '#333333' : '#000000');
    cells.forEach((c, i) => {
      doc.text(c, x + pad, y + pad, { width: widths[i] - pad * 2 });
      x += widths[i];
    });
    doc
      .moveTo(left, y + h)
      .lineTo(left + full, y + h)
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .stroke();
    doc.x = left;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.title);
  if (rows.length === 0) {
    doc.fillColor('#555555').text('无', left, doc.y + 2);
    doc.fillColor('#000000');
    return;
  }
  ensureRoom(doc, heightOf(header) + heightOf(rows[0]));
  draw(header, true);
  for (const row of rows) {
    if (ensureRoom(doc, heightOf(row))) draw(header, true);
    draw(row, false);
  }
}

/** The enterprise on top of every page after the first, "第 n 页 共 N 页" at the foot of each. */
function pageFrames(doc: PDFKit.PDFDocument, file: CreditFileView): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left, right, bottom: foot } = doc.page.margins;
    const width = doc.page.width - left - right;
    doc.page.margins.bottom = 0; // writing inside the margin must not open a new page
    doc.fontSize(7.5).fillColor('#777777');
    if (i > range.start)
      doc.text(`信用档案  ${file.enterprise.name}  ${file.enterprise.uscc}`, left, 30, {
        width,
        lineBreak: false,
      });
    doc.text(
      `第 ${i - range.start + 1} 页 共 ${range.count} 页    生成时间 ${shanghaiMinute(file.generatedAt)}`,
      left,
      doc.page.height - 36,
      { width, align: 'center', lineBreak: false },
    );
    doc.page.margins.bottom = foot;
  }
}

/** A step chart of the tier over time: A on top, the worst at the bottom, neutral shades (no traffic-light colours). */
function tierChart(doc: PDFKit.PDFDocument, file: CreditFileView): void {
  const points = file.assessments.map((a) => ({ t: Date.parse(a.asOf), tier: a.tier }));
  if (points.length === 0) {
    doc.fontSize(8.5).fillColor('#555555').text('尚无评定', doc.page.margins.left);
    doc.fillColor('#000000');
    return;
  }
  const tiers = [...new Set(['A', 'B', 'C', 'D', ...points.map((p) => p.tier)])].sort();
  const row = 18;
  ensureRoom(doc, row * tiers.length + 40);
  const labelWidth = 56;
  const left = doc.page.margins.left + labelWidth;
  const top = doc.y + 6;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right - labelWidth;
  const height = row * tiers.length;
  const t0 = points[0].t;
  const t1 = Math.max(Date.parse(file.generatedAt), points[points.length - 1].t + 1);
  const x = (t: number) => left + ((t - t0) / (t1 - t0)) * width;
  const y = (tier: string) => top + tiers.indexOf(tier) * row + row / 2;
  doc.fontSize(8).fillColor('#333333');
  for (const tier of tiers) {
    doc.text(TIER_ZH[tier] ?? tier, doc.page.margins.left, y(tier) - 5, { lineBreak: false });
    doc
      .moveTo(left, y(tier))
      .lineTo(left + width, y(tier))
      .lineWidth(0.3)
      .strokeColor('#dddddd')
      .stroke();
  }
  doc.rect(left, top, width, height).lineWidth(0.5).strokeColor('#999999').stroke();
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const end = i + 1 < points.length ? points[i + 1].t : t1;
    doc
      .rect(x(p.t), y(p.tier) - 5, Math.max(1, x(end) - x(p.t)), 10)
      .fillColor(TIER_SHADE[p.tier] ?? '#666666')
      .fill();
    if (i + 1 < points.length && points[i + 1].tier !== p.tier)
      doc
        .moveTo(x(end), y(p.tier))
        .lineTo(x(end), y(points[i + 1].tier))
        .lineWidth(0.8)
        .strokeColor('#555555')
        .stroke();
  }
  // Axis: the first and last day, and 1 January of every year in between (when there is room).
  doc.fontSize(7).fillColor('#333333');
  const ticks = [t0];
  const firstYear = Number(shanghaiDateOf(new Date(t0)).slice(0, 4)) + 1;
  const lastYear = Number(shanghaiDateOf(new Date(t1)).slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) ticks.push(Date.parse(`${year}-01-01T00:00:00+08:00`));
  let lastLabelEnd = -Infinity;
  for (const t of ticks) {
    const label = shanghaiDateOf(new Date(t));
    const at = Math.min(x(t), left + width - 80);
    if (at < lastLabelEnd + 8) continue;
    doc
      .moveTo(x(t), top + height)
      .lineTo(x(t), top + height + 3)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    doc.text(label, at, top + height + 4, { lineBreak: false });
    lastLabelEnd = at + doc.widthOfString(label);
  }
  const lastLabel = `${shanghaiDateOf(new Date(t1))}`;
  const lastAt = left + width - doc.widthOfString(lastLabel);
  if (lastAt > lastLabelEnd + 8) doc.text(lastLabel, lastAt, top + height + 4, { lineBreak: false });
  doc.fillColor('#000000');
  doc.y = top + height + 18;
  doc.x = doc.page.margins.left;
}

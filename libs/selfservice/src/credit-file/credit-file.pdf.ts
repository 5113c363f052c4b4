import PDFDocument from 'pdfkit';
import { dirname, join } from 'node:path';
import type { CreditFileView } from './credit-file.view';

/**
 * The credit file as a PDF a person can read and print: Noto Sans SC (SIL Open Font License, from
 * the @expo-google-fonts/noto-sans-sc package) embedded as a subset of the glyphs used, the tier
 * history drawn as a step chart, then the records, list entries, repairs and inspections. Dated by
 * the file's generatedAt, so one file renders to the same bytes.
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
};
const ENDED_ZH: Record<string, string> = {
  application: '经信用修复不再计入',
  publicity_ended: '公示期满不再计入',
  source: '来源登记为已修复',
};

export function renderCreditFilePdf(file: CreditFileView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: `信用档案 ${file.enterprise.uscc}`,
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
  doc.fontSize(18).text('信用档案 Credit file', { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(10);
  doc.text(`${e.name}`);
  doc.text(
    `统一社会信用代码 ${e.uscc}   行政区划 ${e.regionCode}   行业 ${e.industryCode}   成立 ${e.establishedOn}`,
  );
  doc.text(`当前信用风险分类 ${e.currentTier ?? '未评定'}   生成时间 ${file.generatedAt}`);
  doc.moveDown();

  section(doc, '分类历史 Tier history');
  tierChart(doc, file);

  section(doc, `信用记录 Records (${file.records.length})`);
  for (const r of file.records) {
    const status = r.counting ? '计入中' : (ENDED_ZH[r.endedBy ?? 'source'] ?? '不再计入');
    const no = typeof r.payload.decisionNo === 'string' ? ` ${r.payload.decisionNo}` : '';
    line(
      doc,
      `${r.occurredOn}  ${TYPE_ZH[r.type] ?? r.type}${r.severity ? `(${r.severity})` : ''}${no}  ${status}` +
        `${r.publicityEndsOn ? `  公示至 ${r.publicityEndsOn}` : ''}${r.repairableFrom ? `  可申请修复自 ${r.repairableFrom}` : ''}`,
    );
  }

  section(doc, `名单 List entries (${file.listEntries.length})`);
  for (const l of file.listEntries)
    line(
      doc,
      `${TYPE_ZH[l.list] ?? l.list}  列入 ${l.listedOn}${l.removedOn ? `  移出 ${l.removedOn}` : ''}${l.reason ? `  ${l.reason}` : ''}`,
    );

  section(doc, `信用修复 Repairs (${file.repairApplications.length} 申请)`);
  for (const a of file.repairApplications)
    line(
      doc,
      `${a.filedAt.slice(0, 10)}  记录 ${a.recordId}  ${a.status}  规则 ${a.profile}${a.decisionReason ? `  ${a.decisionReason}` : ''}`,
    );

  section(doc, `检查 Inspections (${file.inspections.length})`);
  for (const t of file.inspections)
    line(
      doc,
      `${t.window.from.slice(0, 10)} – ${t.window.to.slice(0, 10)}  ${t.kind}  ${t.status}${t.plan ? `  ${t.plan}` : ''}${t.publishedAt ? `  公示 ${t.publishedAt.slice(0, 10)}` : ''}`,
    );

  doc.end();
  return done;
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  doc.moveDown(0.6);
  doc.fontSize(12).fillColor('#000000').text(title, doc.page.margins.left);
  doc.fontSize(9);
}

function line(doc: PDFKit.PDFDocument, text: string): void {
  doc.text(text, doc.page.margins.left, undefined, { width: doc.page.width - doc.page.margins.left * 2 });
}

/** A step chart of the tier over time: A on top, the worst at the bottom, neutral shades (no traffic-light colours). */
function tierChart(doc: PDFKit.PDFDocument, file: CreditFileView): void {
  const points = file.assessments.map((a) => ({ t: Date.parse(a.asOf), tier: a.tier }));
  if (points.length === 0) {
    line(doc, '尚无评定 No assessment yet');
    return;
  }
  const tiers = [...new Set(['A', 'B', 'C', 'D', ...points.map((p) => p.tier)])].sort();
  const left = doc.page.margins.left + 24;
  const top = doc.y + 6;
  const width = doc.page.width - doc.page.margins.left * 2 - 24;
  const height = 16 * tiers.length;
  const t0 = points[0].t;
  const t1 = Math.max(Date.parse(file.generatedAt), points[points.length - 1].t + 1);
  const x = (t: number) => left + ((t - t0) / (t1 - t0)) * width;
  const y = (tier: string) => top + tiers.indexOf(tier) * 16 + 8;
  doc.fontSize(8).fillColor('#333333');
  for (const tier of tiers) {
    doc.text(tier, left - 20, y(tier) - 5, { lineBreak: false });
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
      .rect(x(p.t), y(p.tier) - 4, Math.max(1, x(end) - x(p.t)), 8)
      .fillColor(TIER_SHADE[p.tier] ?? '#666666')
      .fill();
  }
  doc.fillColor('#333333');
  doc.text(new Date(t0).toISOString().slice(0, 10), left, top + height + 2, { lineBreak: false });
  doc.text(new Date(t1).toISOString().slice(0, 10), left + width - 50, top + height + 2, {
    lineBreak: false,
  });
  doc.y = top + height + 16;
  doc.x = doc.page.margins.left;
}

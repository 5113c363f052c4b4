import type { CreditRecordType, RiskRecordType } from '@app/persistence';
import type { DayTable } from './synthetic-calendar.util';

type Payload = Record<string, unknown>;

/** A credit record row as the ingestion endpoints accept it (creditRecordSchema). */
export type SyntheticCreditRecordRow = {
  uscc: string;
  type: CreditRecordType;
  severity?: string;
  occurredOn: string;
  publicityUntil?: string;
  repairedAt?: string;
  source: string;
  sourceRecordId: string;
  payload: Payload;
};

/** A risk record row as the ingestion endpoints accept it (riskRecordSchema). */
export type SyntheticRiskRecordRow = {
  uscc: string;
  type: RiskRecordType;
  severity: 'low' | 'medium' | 'high';
  occurredAt: string;
  source: string;
  sourceRecordId: string;
  payload: Payload;
};

export type SyntheticRecordRow = SyntheticCreditRecordRow | SyntheticRiskRecordRow;

/**
 * The feed each record type arrives from, and the tag of its sourceRecordId. Two types may share a
 * feed (Credit China publishes both lists and commendations): the tag keeps their ids apart.
 */
const FEEDS: Record<CreditRecordType | RiskRecordType, readonly [source: string, tag: string]> = {
  administrative_penalty: ['samr-penalty', 'AP'],
  abnormal_operation_listing: ['aic-abnormal', 'AB'],
  serious_dishonesty_listing: ['credit-china', 'SD'],
  spot_check_result: ['spot-check', 'SC'],
  annual_report: ['annual-report', 'AR'],
  tax_credit_grade: ['tax', 'TX'],
  court_enforcement: ['court', 'CE'],
  commendation: ['credit-china', 'CM'],
  license_revocation: ['samr-license', 'LR'],
  enforcement_measure: ['samr-enforcement', 'EM'],
  algorithm_filing: ['algorithm-filing', 'AF'],
  data_security_record: ['data-security', 'DS'],
  complaint: ['12315', 'CP'],
  monitoring_alert: ['smart-monitoring', 'MA'],
  public_opinion: ['public-opinion', 'PO'],
  platform_risk_signal: ['fair-online', 'PS'],
};

// Risk signals arrive in office hours and evenings; minute resolution is plenty.
const TIMES: readonly string[] = Array.from({ length: 14 * 60 }, (_, m) => {
  const hh = String(8 + Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `T${hh}:${mm}:00+08:00`;
});

/**
 * Collects one enterprise's records into a reused buffer, numbering their sourceRecordIds. The ids
 * embed the USCC, so they are unique per feed across the population and stable under any N.
 */
export class RecordWriter {
  readonly rows: SyntheticRecordRow[] = [];
  private readonly counters = new Map<string, number>();
  private uscc = '';

  constructor(private readonly days: DayTable) {}

  start(uscc: string): void {
    this.rows.length = 0;
    this.counters.clear();
    this.uscc = uscc;
  }

  /** An instant on `day` at the `slot`-th minute of the day's 08:00–21:59 (any number; it wraps). */
  instant(day: number, slot: number): string {
    return this.days.format(day) + TIMES[slot % TIMES.length];
  }

  /**
   * Adds a credit record. `key` names a once-a-year record by its year ('…-AR-2024'), so the same
   * report keeps its id whatever else the enterprise has; other records are numbered ('…-AP3').
   */
  credit(
    type: CreditRecordType,
    day: number,
    payload: Payload,
    extra?: { severity?: string; publicityUntil?: number; repairedAt?: string; key?: number },
  ): void {
    const [source, tag] = FEEDS[type];
    // Built field by field so that every row lists its fields in the schema's order, optional
    // ones included: NDJSON files of the population stay readable and diff cleanly.
    const row = { uscc: this.uscc, type } as SyntheticCreditRecordRow;
    if (extra?.severity) row.severity = extra.severity;
    row.occurredOn = this.days.format(day);
    if (extra?.publicityUntil !== undefined) row.publicityUntil = this.days.format(extra.publicityUntil);
    if (extra?.repairedAt) row.repairedAt = extra.repairedAt;
    row.source = source;
    row.sourceRecordId =
      this.uscc + '-' + tag + (extra?.key === undefined ? this.next(tag) : '-' + extra.key);
    row.payload = payload;
    this.rows.push(row);
  }

  risk(
    type: RiskRecordType,
    severity: SyntheticRiskRecordRow['severity'],
    occurredAt: string,
    payload: Payload,
  ): void {
    const [source, tag] = FEEDS[type];
    this.rows.push({
      uscc: this.uscc,
      type,
      severity,
      occurredAt,
      source,
      sourceRecordId: this.uscc + '-' + tag + this.next(tag),
      payload,
    });
  }

  private next(tag: string): number {
    const n = (this.counters.get(tag) ?? 0) + 1;
    this.counters.set(tag, n);
    return n;
  }
}

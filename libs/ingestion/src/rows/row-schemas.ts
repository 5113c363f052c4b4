/**
 * JSON Schemas of the rows tierwatch ingests (JSON, NDJSON and CSV all become these objects).
 * `type` picks the record table and the payload schema. Formats are defined in row-formats.ts.
 */
import { CREDIT_RECORD_TYPES, RISK_RECORD_TYPES } from '@app/domain';

type Schema = Record<string, unknown>;

const str = (maxLength: number, extra: Schema = {}): Schema => ({
  type: 'string',
  minLength: 1,
  maxLength,
  ...extra,
});
const date: Schema = { type: 'string', format: 'local-date' };
const instant: Schema = { type: 'string', format: 'instant' };
const decimal: Schema = { type: 'string', format: 'decimal' };
const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

export const ENTERPRISE_ROW_SCHEMA = object(
  {
    uscc: { type: 'string', format: 'uscc' },
    name: str(500),
    regionCode: { type: 'string', format: 'region' },
    industryCode: { type: 'string', format: 'industry' },
    establishedOn: date,
    registeredCapital: decimal,
    size: oneOf('micro', 'small', 'medium', 'large'),
    tags: { type: 'array', maxItems: 50, items: str(64) },
    isPlatform: { type: 'boolean' },
    platformMonthlyUsers: { type: 'string', pattern: '^\\d{1,15}$' },
    platformValuation: decimal,
    newBusinessForm: { type: 'boolean' },
  },
  ['uscc', 'name', 'regionCode', 'industryCode', 'establishedOn'],
);

/** Payload schema of each credit record type (DOMAIN.md §1, §5). */
export const CREDIT_PAYLOADS: Record<
  (typeof CREDIT_RECORD_TYPES)[number],
  { severity?: Schema; payload: Schema }
> = {
  administrative_penalty: {
    severity: oneOf('minor', 'general', 'serious'),
    payload: object(
      {
        measure: oneOf(
          'warning',
          'fine',
          'confiscation',
          'suspension',
          'revocation',
          'restriction',
          'qualification_lowered',
        ),
        amount: decimal,
        heavier: { type: 'boolean' },
        decisionNo: str(128),
        authority: str(200),
        item: str(500),
      },
      ['measure'],
    ),
  },
  abnormal_operation_listing: {
    payload: object(
      {
        reason: oneOf(
          'annual_report_missing',
          'disclosure_missing',
          'false_information',
          'unreachable_address',
        ),
        listedOn: date,
        removedOn: date,
      },
      ['reason', 'listedOn'],
    ),
  },
  serious_dishonesty_listing: {
    payload: object({ listedOn: date, removedOn: date, reason: str(500) }, ['listedOn']),
  },
  spot_check_result: {
    payload: object(
      {
        result: oneOf('pass', 'fail'),
        items: { type: 'array', items: str(200), maxItems: 200 },
        planId: str(64),
        findings: str(2000),
      },
      ['result'],
    ),
  },
  annual_report: {
    payload: object({ year: { type: 'integer', minimum: 2000, maximum: 2100 }, filedOn: date }, ['year']),
  },
  tax_credit_grade: {
    payload: object(
      { grade: oneOf('A', 'B', 'M', 'C', 'D'), year: { type: 'integer', minimum: 2000, maximum: 2100 } },
      ['grade', 'year'],
    ),
  },
  court_enforcement: {
    payload: object({ caseNo: str(128), court: str(200), amount: decimal, resolvedOn: date }, ['caseNo']),
  },
  commendation: {
    payload: object({ title: str(500), level: oneOf('national', 'provincial', 'municipal', 'county') }, [
      'title',
    ]),
  },
  license_revocation: {
    payload: object({ licenseType: str(200), licenseNo: str(128) }, ['licenseType']),
  },
  enforcement_measure: {
    payload: object(
      {
        measure: oneOf('no_penalty', 'guidance', 'talk', 'warning', 'penalty'),
        item: str(200),
        reason: str(2000),
        reference: str(200),
      },
      ['measure', 'item'],
    ),
  },
  algorithm_filing: {
    payload: object({ filingNo: str(128), algorithm: str(500), status: oneOf('filed', 'revoked') }, [
      'filingNo',
      'status',
    ]),
  },
  data_security_record: {
    payload: object({ finding: oneOf('passed', 'incident', 'violation'), summary: str(2000) }, ['finding']),
  },
};

export const RISK_PAYLOADS: Record<(typeof RISK_RECORD_TYPES)[number], Schema> = {
  complaint: object({ channel: str(64), category: str(200), summary: str(2000) }),
  monitoring_alert: object({ system: str(200), indicator: str(200), summary: str(2000) }),
  public_opinion: object({ outlet: str(200), summary: str(2000) }),
  platform_risk_signal: object(
    {
      signal: oneOf(
        'forced_exclusivity',
        'price_discrimination',
        'below_cost_selling',
        'vertical_monopoly_agreement',
        'illegal_concentration',
      ),
      evidence: str(2000),
    },
    ['signal'],
  ),
};

const common = {
  uscc: { type: 'string', format: 'uscc' },
  source: str(64),
  sourceRecordId: str(128),
};

export function creditRecordSchema(type: (typeof CREDIT_RECORD_TYPES)[number]): Schema {
  const spec = CREDIT_PAYLOADS[type];
  return object(
    {
      ...common,
      type: { const: type },
      severity: spec.severity ?? { type: 'string', maxLength: 16 },
      occurredOn: date,
      publicityUntil: date,
      repairedAt: instant,
      payload: spec.payload,
    },
    [
      'uscc',
      'type',
      'source',
      'sourceRecordId',
      'occurredOn',
      'payload',
      ...(spec.severity ? ['severity'] : []),
    ],
  );
}

export function riskRecordSchema(type: (typeof RISK_RECORD_TYPES)[number]): Schema {
  return object(
    {
      ...common,
      type: { const: type },
      severity: oneOf('low', 'medium', 'high'),
      occurredAt: instant,
      payload: RISK_PAYLOADS[type],
    },
    ['uscc', 'type', 'source', 'sourceRecordId', 'severity', 'occurredAt'],
  );
}

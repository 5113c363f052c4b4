import { RowValidator } from './row.validator';

const NOW = Date.parse('2026-11-24T12:00:00+08:00');
const v = new RowValidator(NOW);
const USCC = '91350100M000100Y43';

describe('RowValidator.enterprise', () => {
  it('normalises a valid row: money, tags, defaults, lower-case code', () => {
    expect(
      v.enterprise(1, {
        uscc: USCC.toLowerCase(),
        name: ' 福州示例有限公司 ',
        regionCode: '350100',
        industryCode: 'I6513',
        establishedOn: '2015-06-01',
        registeredCapital: '1000',
        tags: ['b', 'a', 'b'],
      }),
    ).toEqual({
      ok: true,
      value: {
        uscc: USCC,
        name: '福州示例有限公司',
        regionCode: '350100',
        industryCode: 'I6513',
        establishedOn: '2015-06-01',
        registeredCapital: '1000.00',
        size: null,
        tags: ['a', 'b'],
        isPlatform: false,
        platformMonthlyUsers: null,
        platformValuation: null,
        newBusinessForm: false,
      },
    });
  });

  it('coerces CSV strings to booleans', () => {
    const r = v.enterprise(1, {
      uscc: USCC,
      name: 'x',
      regionCode: '350100',
      industryCode: 'I',
      establishedOn: '2015-06-01',
      isPlatform: 'true',
    });
    expect(r.ok && r.value.isPlatform).toBe(true);
  });

  it('names every broken field', () => {
    const r = v.enterprise(7, {
      uscc: '91350100M000100Y44',
      regionCode: '35010',
      industryCode: 'I6513',
      establishedOn: '2027-01-01',
      registeredCapital: '-5',
      colour: 'red',
    });
    expect(r).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        { row: 7, path: 'name', message: 'is required' },
        { row: 7, path: 'colour', message: 'is not a known field' },
        { row: 7, path: 'uscc', message: "check character mismatch: expected '3', found '4'" },
        {
          row: 7,
          path: 'regionCode',
          message: 'must be a 6-digit administrative division code, got "35010"',
        },
        {
          row: 7,
          path: 'registeredCapital',
          message:
            'must be a non-negative decimal of at most 18 digits and 2 decimals (numeric(20,2)), e.g. "1200.50", got "-5"',
        },
      ]),
    });
  });

  it('refuses a date in the future of the Asia/Shanghai calendar', () => {
    const r = v.enterprise(1, {
      uscc: USCC,
      name: 'x',
      regionCode: '350100',
      industryCode: 'I',
      establishedOn: '2026-11-25',
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          row: 1,
          path: 'establishedOn',
          message: '2026-11-25 is in the future (today is 2026-11-24, Asia/Shanghai)',
        },
      ],
    });
  });
});

describe('RowValidator.record', () => {
  const penalty = {
    uscc: USCC,
    type: 'administrative_penalty',
    source: 'penalty-system',
    sourceRecordId: 'P-1',
    severity: 'general',
    occurredOn: '2025-03-01',
    payload: { measure: 'fine', amount: '5000', heavier: 'false' },
  };

  it('routes credit types to credit_records and normalises the payload', () => {
    expect(v.record(1, structuredClone(penalty))).toEqual({
      ok: true,
      value: {
        table: 'credit',
        key: 'penalty-system\u0000P-1',
        value: {
          uscc: USCC,
          type: 'administrative_penalty',
          severity: 'general',
          occurredOn: '2025-03-01',
          publicityUntil: null,
          source: 'penalty-system',
          sourceRecordId: 'P-1',
          repairedAt: null,
          payload: { measure: 'fine', amount: '5000.00', heavier: false },
        },
      },
    });
  });

  it('routes risk types to risk_records with an instant', () => {
    const r = v.record(2, {
      uscc: USCC,
      type: 'platform_risk_signal',
      source: 'fair-online',
      sourceRecordId: 'S-1',
      severity: 'high',
      occurredAt: '2026-03-01T09:30:00+08:00',
      payload: { signal: 'forced_exclusivity' },
    });
    expect(r.ok && r.value).toMatchObject({
      table: 'risk',
      value: { occurredAt: '2026-03-01T01:30:00.000Z', payload: { signal: 'forced_exclusivity' } },
    });
  });

  it('explains an unknown type, a missing severity, a negative amount and a bad payload field', () => {
    expect(v.record(3, { ...penalty, type: 'parking_ticket' })).toEqual({
      ok: false,
      problems: [
        {
          row: 3,
          path: 'type',
          message: expect.stringMatching(
            /^unknown record type "parking_ticket"; one of: administrative_penalty/,
          ),
        },
      ],
    });
    const r = v.record(4, {
      ...penalty,
      severity: undefined,
      payload: { measure: 'flogging', amount: '-1' },
    });
    expect(r.ok ? [] : r.problems).toEqual(
      expect.arrayContaining([
        { row: 4, path: 'severity', message: 'is required' },
        { row: 4, path: 'payload.measure', message: expect.stringMatching(/^must be one of: warning, fine/) },
        { row: 4, path: 'payload.amount', message: expect.stringMatching(/^must be a non-negative decimal/) },
      ]),
    );
  });

  it('checks list dates against each other', () => {
    const r = v.record(5, {
      uscc: USCC,
      type: 'abnormal_operation_listing',
      source: 'aic',
      sourceRecordId: 'L-1',
      occurredOn: '2025-07-01',
      payload: { reason: 'annual_report_missing', listedOn: '2025-07-01', removedOn: '2025-06-01' },
    });
    expect(r).toEqual({
      ok: false,
      problems: [{ row: 5, path: 'payload.removedOn', message: 'is before listedOn 2025-07-01' }],
    });
  });
});

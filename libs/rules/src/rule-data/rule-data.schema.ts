/**
 * JSON Schemas (draft-07) of the rule data that is not a rule set: one year of the regulatory
 * calendar (rules/calendars/<year>.json) and one version of the task deadlines
 * (rules/deadlines/<version>.json). rules/schema/year-calendar.schema.json and
 * rules/schema/deadlines.schema.json are generated from these constants (rule-data.schema.spec.ts
 * checks them and rewrites them with UPDATE_RULE_DATA_SCHEMA=1).
 */

const LOCAL_DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const ZONED_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

export const YEAR_CALENDAR_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://tierwatch.local/schemas/year-calendar.schema.json',
  title: 'tierwatch regulatory calendar: one year of holidays and make-up workdays (Asia/Shanghai)',
  description:
    'Transcribed from the State Council notice of the year (国务院办公厅关于<year>年部分节假日安排的通知). One file per year: rules/calendars/<year>.json.',
  type: 'object',
  required: ['year', 'status', 'source', 'holidays', 'makeUpWorkdays'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    year: { type: 'integer', minimum: 1, maximum: 9999 },
    status: {
      enum: ['official', 'provisional'],
      description: 'provisional: statutory days only, until the notice is published and transcribed',
    },
    source: { type: 'string', minLength: 1, description: 'The notice (title, number, date)' },
    notes: { type: 'string' },
    holidays: {
      type: 'array',
      description: 'Days off, weekend days inside a holiday block included',
      items: { $ref: '#/definitions/day' },
    },
    makeUpWorkdays: {
      type: 'array',
      description: 'Weekend days declared working days (调休上班)',
      items: { $ref: '#/definitions/day' },
    },
  },
  definitions: {
    day: {
      type: 'object',
      required: ['date', 'name'],
      additionalProperties: false,
      properties: {
        date: { type: 'string', pattern: LOCAL_DATE },
        name: { type: 'string', minLength: 1 },
      },
    },
  },
} as const;

export const DEADLINES_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://tierwatch.local/schemas/deadlines.schema.json',
  title: 'tierwatch task deadlines: one version of the time limits of the inspection task life cycle',
  description:
    'One version per file (rules/deadlines/<version>.json); the version in force at an instant is the one with the latest effectiveFrom not after it.',
  type: 'object',
  required: [
    'kind',
    'version',
    'effectiveFrom',
    'publication',
    'correction',
    'reminder',
    'triggeredTaskDue',
    'inspectorsPerVisit',
  ],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    kind: { const: 'deadlines' },
    version: { type: 'string', pattern: '^[0-9A-Za-z._-]{1,32}$' },
    effectiveFrom: { type: 'string', pattern: ZONED_DATE_TIME },
    description: { type: 'string' },
    publication: {
      $ref: '#/definitions/workingDays',
      description: 'Publish an inspection result within N working days of the result (一公开)',
    },
    correction: {
      $ref: '#/definitions/workingDays',
      description: 'Correct or withdraw a published result within N working days of publication',
    },
    reminder: {
      type: 'object',
      required: ['leadHours', 'source'],
      additionalProperties: false,
      properties: {
        leadHours: { type: 'integer', minimum: 0, maximum: 8760 },
        source: { type: 'string', minLength: 1 },
      },
    },
    triggeredTaskDue: {
      type: 'object',
      required: ['calendarDays', 'source'],
      additionalProperties: false,
      properties: {
        calendarDays: {
          type: 'object',
          description:
            'By trigger priority: due at the end of the Shanghai day N calendar days after creation',
          required: ['urgent', 'high', 'normal'],
          additionalProperties: false,
          properties: {
            urgent: { $ref: '#/definitions/calendarDays' },
            high: { $ref: '#/definitions/calendarDays' },
            normal: { $ref: '#/definitions/calendarDays' },
          },
        },
        source: { type: 'string', minLength: 1 },
      },
    },
    inspectorsPerVisit: {
      type: 'object',
      description:
        'Law-enforcement officers sent on one inspection: a plan may ask for more than the default, never fewer than the minimum',
      required: ['minimum', 'default', 'source'],
      additionalProperties: false,
      properties: {
        minimum: { type: 'integer', minimum: 1, maximum: 10 },
        default: { type: 'integer', minimum: 1, maximum: 10 },
        source: { type: 'string', minLength: 1 },
      },
    },
  },
  definitions: {
    workingDays: {
      type: 'object',
      required: ['workingDays', 'source'],
      additionalProperties: false,
      properties: {
        workingDays: { type: 'integer', minimum: 0, maximum: 250 },
        source: { type: 'string', minLength: 1 },
      },
    },
    calendarDays: { type: 'integer', minimum: 0, maximum: 366 },
  },
} as const;

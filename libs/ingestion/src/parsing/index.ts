export type { ParsedRow } from './parsed-row';
export type { ByteSource } from './byte-source';
export { parseNdjson, DEFAULT_MAX_LINE_BYTES, type NdjsonParseOptions } from './ndjson.parser';
export { parseCsv, CsvHeaderProbe, DEFAULT_MAX_RECORD_BYTES, type CsvParseOptions } from './csv.parser';
export { parseJsonArray } from './json-array.parser';
export { detectFormat, type InputFormat } from './detect-format';

import { detectFormat } from './detect-format';

describe('detectFormat', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson', 'ndjson'],
    ['Application/JSONL ; charset=UTF-8', 'ndjson'],
    ['text/csv;charset=utf-8', 'csv'],
  ])('reads %s from the media type', (contentType, format) => {
    expect(detectFormat(contentType, 'ignored.csv')).toBe(format);
  });

  it.each([
    ['rows.json', 'json'],
    ['rows.NDJSON', 'ndjson'],
    ['export.2024.jsonl', 'ndjson'],
    ['企业名单.csv', 'csv'],
  ])('falls back on the extension of %s', (fileName, format) => {
    expect(detectFormat(undefined, fileName)).toBe(format);
    expect(detectFormat('application/octet-stream', fileName)).toBe(format);
  });

  it('gives up when neither tells', () => {
    expect(detectFormat(undefined)).toBeUndefined();
    expect(detectFormat('text/plain', 'rows.txt')).toBeUndefined();
    expect(detectFormat('', 'csv')).toBeUndefined();
    expect(detectFormat('text/csvx', 'rows.')).toBeUndefined();
    expect(detectFormat(undefined, 'toString')).toBeUndefined();
  });
});

export type InputFormat = 'json' | 'ndjson' | 'csv';

const BY_MEDIA_TYPE: Readonly<Record<string, InputFormat>> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'text/csv': 'csv',
};

const BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  csv: 'csv',
};

/**
 * The format of an upload: from its media type when that names one (parameters such as `; charset=utf-8`
 * are ignored), else from the file name's extension, since clients often send a generic type such as
 * `application/octet-stream` for files. Undefined when neither tells.
 */
export function detectFormat(contentType: string | undefined, fileName?: string): InputFormat | undefined {
  if (contentType !== undefined) {
    const mediaType = contentType.split(';', 1)[0].trim().toLowerCase();
    if (Object.hasOwn(BY_MEDIA_TYPE, mediaType)) return BY_MEDIA_TYPE[mediaType];
  }
  if (fileName !== undefined) {
    const dot = fileName.lastIndexOf('.');
    const extension = dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
    if (Object.hasOwn(BY_EXTENSION, extension)) return BY_EXTENSION[extension];
  }
  return undefined;
}

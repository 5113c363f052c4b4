import { isUtf8 } from 'node:buffer';
import { FuzzCase, fuzzCases, FuzzWorld } from './fuzz-cases';
import { changedTables, FuzzSql, snapshot } from './fuzz-world';

export interface FuzzFinding {
  id: number;
  route: string;
  kind: string;
  request: string;
  status: number;
  response: string;
  /** Guarded tables the input changed. */
  changed?: string[];
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  byStatus: Record<string, number>;
  /** Per route, per status. */
  byRoute: Record<string, Record<string, number>>;
  /** Answers ≥ 500, time-outs and dropped connections (status 0). */
  serverErrors: FuzzFinding[];
  /** A refused input (≥ 400) that changed a guarded table. */
  partialWrites: FuzzFinding[];
  /** A bad input answered 2xx/3xx that changed a guarded table: the route took what it should refuse. */
  acceptedWrites: FuzzFinding[];
}

export interface FuzzOptions {
  baseUrl: string;
  token: string;
  sql: FuzzSql;
  world: FuzzWorld;
  seed: number;
  count: number;
  /** Per request. Default 20 s. */
  timeoutMs?: number;
  onProgress?: (done: number) => void;
}

/**
 * Sends `count` seeded bad inputs one after the other, snapshots the guarded tables around each,
 * and counts the answers. Sequential on purpose: a change is then the doing of one input.
 */
export async function runFuzzCampaign(options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = {
    seed: options.seed,
    inputs: 0,
    byStatus: {},
    byRoute: {},
    serverErrors: [],
    partialWrites: [],
    acceptedWrites: [],
  };
  let before = await snapshot(options.sql);
  for (const input of fuzzCases(options.seed, options.count, options.world)) {
    const { status, text } = await send(options, input);
    const after = await snapshot(options.sql);
    const changed = changedTables(before, after);
    before = after;
    report.inputs++;
    const key = String(status);
    report.byStatus[key] = (report.byStatus[key] ?? 0) + 1;
    const route = (report.byRoute[input.route] ??= {});
    route[key] = (route[key] ?? 0) + 1;
    const finding = (): FuzzFinding => ({
      id: input.id,
      route: input.route,
      kind: input.kind,
      request: describe(input),
      status,
      response: text.slice(0, 300),
      ...(changed.length > 0 ? { changed } : {}),
    });
    if (status >= 500 || status === 0) report.serverErrors.push(finding());
    if (changed.length > 0)
      (status >= 400 || status === 0 ? report.partialWrites : report.acceptedWrites).push(finding());
    options.onProgress?.(report.inputs);
  }
  return report;
}

async function send(options: FuzzOptions, input: FuzzCase): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(`${options.baseUrl}${input.path}`, {
      method: input.method,
      headers: { authorization: `Bearer ${options.token}`, ...input.headers },
      body: input.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    // No answer at all (time-out, connection reset): as bad as a 500.
    return { status: 0, text: `no answer: ${(error as Error).message}` };
  }
}

/** The request in one line, its body cut short and made printable. */
export function describe(input: FuzzCase): string {
  const bytes = input.body ?? Buffer.alloc(0);
  // Text as text; bytes that are not UTF-8 one character per byte (JSON.stringify escapes controls).
  const body = bytes.toString(isUtf8(bytes) ? 'utf8' : 'latin1');
  const shown = JSON.stringify(body.length > 160 ? `${body.slice(0, 160)}… (${body.length} bytes)` : body);
  return `${input.method} ${input.path.slice(0, 200)} [${input.headers['content-type'] ?? 'no content-type'}] ${shown}`;
}

/** The report as the lines `tierwatch fuzz` prints. */
export function formatReport(report: FuzzReport): string[] {
  const lines = [`fuzz: ${report.inputs} bad inputs, seed ${report.seed}`];
  lines.push(
    `by status: ${Object.entries(report.byStatus)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s === '0' ? 'no answer' : s} × ${n}`)
      .join(', ')}`,
  );
  lines.push('by route:');
  for (const [route, statuses] of Object.entries(report.byRoute).sort(([a], [b]) => a.localeCompare(b))) {
    const counts = Object.entries(statuses)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    lines.push(`  ${route.padEnd(52)} ${counts}`);
  }
  lines.push(`5xx (or no answer): ${report.serverErrors.length}`);
  lines.push(`partial writes (refused, yet a table changed): ${report.partialWrites.length}`);
  lines.push(`bad inputs accepted and written: ${report.acceptedWrites.length}`);
  for (const [title, list] of [
    ['5xx', report.serverErrors],
    ['partial write', report.partialWrites],
    ['accepted', report.acceptedWrites],
  ] as const) {
    for (const f of list.slice(0, 30)) {
      lines.push(
        `  ${title} #${f.id} ${f.kind} → ${f.status}${f.changed ? ` changed ${f.changed.join(',')}` : ''}`,
      );
      lines.push(`    ${f.request}`);
      lines.push(`    ${f.response}`);
    }
    if (list.length > 30) lines.push(`  … and ${list.length - 30} more ${title}`);
  }
  return lines;
}

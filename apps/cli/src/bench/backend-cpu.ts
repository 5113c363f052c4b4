import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

/**
 * CPU time (user + system, microseconds) of each PostgreSQL backend connected to the data source's
 * database, from /proc/<pid>/stat; undefined when the server's processes are not visible from here.
 */
export async function backendCpuMicros(ds: DataSource): Promise<Map<number, number> | undefined> {
  const rows: { pid: number }[] = await ds.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  const cpu = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command (which may contain spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond);
    }
  } catch {
    return undefined;
  }
  return cpu;
}

/** CPU the backends spent between two readings (backends that appeared in between count from 0). */
export function backendCpuSpent(
  before: Map<number, number> | undefined,
  after: Map<number, number> | undefined,
): number | undefined {
  if (!before || !after) return undefined;
  return [...after].reduce((sum, [pid, micros]) => sum + micros - (before.get(pid) ?? 0), 0);
}

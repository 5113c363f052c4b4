import { DRILL_NAMES, DrillName, DrillResult, runDrill } from './drills';

const USAGE = `usage: tierwatch drill <${DRILL_NAMES.join(' | ')} | all> [--short] [--json] [--verbose]
  Runs a failure drill against a private PostgreSQL cluster and Redis (temporary, own ports) with the
  real api and worker, and prints "lost N doubled M". Exit code 1 when anything was lost or doubled
  or a problem was found. --short: the CI size.`;

/** `tierwatch drill …`: prints each drill's figures and `lost N doubled M`; the exit code says whether all held. */
export async function drillMain(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--short', '--json', '--verbose'].includes(f));
  const chosen: DrillName[] =
    names.length === 1 && names[0] === 'all' ? [...DRILL_NAMES] : (names as DrillName[]);
  if (
    chosen.length === 0 ||
    unknown.length > 0 ||
    chosen.some((n) => !(DRILL_NAMES as readonly string[]).includes(n))
  ) {
    console.error(USAGE);
    return 2;
  }
  let failed = false;
  for (const name of chosen) {
    console.log(`== drill ${name}${flags.has('--short') ? ' (short)' : ''} ==`);
    let result: DrillResult;
    const started = Date.now();
    const at = () => `[+${((Date.now() - started) / 1000).toFixed(1)}s]`;
    try {
      result = await runDrill(name, {
        short: flags.has('--short'),
        say: (line) => console.log(`  ${at()} ${line}`),
        appLog: flags.has('--verbose') ? (line) => console.log(`    ${line}`) : undefined,
      });
    } catch (error) {
      console.log(`  drill could not complete: ${error instanceof Error ? error.message : String(error)}`);
      failed = true;
      continue;
    }
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(20)} ${value}`);
    for (const problem of result.problems) console.log(`  PROBLEM: ${problem}`);
    console.log(`  ${'drill seconds'.padEnd(20)} ${((Date.now() - started) / 1000).toFixed(1)}`);
    console.log(`${name}: ${result.counts}: lost ${result.lost} doubled ${result.doubled}`);
    if (flags.has('--json')) console.log(JSON.stringify(result));
    if (result.lost !== 0 || result.doubled !== 0 || result.problems.length > 0) failed = true;
  }
  return failed ? 1 : 0;
}

import parsePrometheusTextFormat from 'parse-prometheus-text-format';

type Family = ReturnType<typeof parsePrometheusTextFormat>[number];
type Sample = Family['metrics'][number];

/**
 * Metrics parsed from Prometheus text by a real parser (parse-prometheus-text-format), looked up by
 * name and labels. That parser folds every series of a labelled histogram into one, so a histogram's
 * series are also read as the plain samples they are on the wire (`<name>_count`, `<name>_bucket`,
 * `<name>_sum`, each with its labels): the same text parsed with the histogram's TYPE line untyped.
 */
export class Scrape {
  private readonly families: Map<string, Family>;
  private readonly series: Map<string, Family>;

  constructor(text: string) {
    this.families = byName(parsePrometheusTextFormat(text));
    const untyped = text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped');
    this.series = byName(parsePrometheusTextFormat(untyped));
  }

  family(name: string): Family {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric ${name} (have: ${[...this.families.keys()].join(', ')})`);
    return family;
  }

  /** The samples of a metric (for a histogram: its `_count` series) whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}): Sample[] {
    const family = this.family(name);
    const samples =
      family.type === 'HISTOGRAM' ? (this.series.get(`${name}_count`)?.metrics ?? []) : family.metrics;
    return samples.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  }

  /** The sum of the values of the matching samples (for a histogram: of its observation counts). */
  total(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((sum, m) => sum + Number(m.value), 0);
  }

  /** A histogram series' cumulative count in the bucket `le` ("+Inf" = all). */
  bucket(name: string, labels: Record<string, string>, le: string): number {
    const [sample, ...more] = (this.series.get(`${name}_bucket`)?.metrics ?? []).filter((m) =>
      Object.entries({ ...labels, le }).every(([k, v]) => m.labels?.[k] === v),
    );
    if (!sample || more.length > 0)
      throw new Error(`not exactly one ${name} series with ${JSON.stringify(labels)}`);
    return Number(sample.value);
  }
}

/** Families by name; one name seen several times (a histogram's series one after another) is merged. */
function byName(families: Family[]): Map<string, Family> {
  const map = new Map<string, Family>();
  for (const f of families) {
    const seen = map.get(f.name);
    if (seen) seen.metrics.push(...f.metrics);
    else map.set(f.name, { ...f, metrics: [...f.metrics] });
  }
  return map;
}

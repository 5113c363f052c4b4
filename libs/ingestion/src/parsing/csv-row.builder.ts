/** A CSV column, or a group of dotted columns sharing a prefix (`payload.amount`, `payload.items`). */
type ColumnNode =
  | { key: string; column: number; list: boolean; children?: undefined }
  | { key: string; children: ColumnNode[] };

export interface CsvRowBuilderOptions {
  /** Full column names whose cells are lists. */
  arrayColumns?: readonly string[];
  /** What separates the items of a list cell. */
  arraySeparator: string;
}

/**
 * Turns the cells of a CSV record into the object the rest of the pipeline expects. The header is checked
 * and compiled once, so a row costs one pass over its columns: dotted names build nested objects
 * (`payload.amount` → `{ payload: { amount } }`), empty cells are left out (as is an object all of whose
 * cells are empty), cells stay strings (the validator coerces them) and list columns become trimmed string
 * arrays without empty items.
 */
export class CsvRowBuilder {
  private constructor(
    readonly columnCount: number,
    private readonly nodes: ColumnNode[],
    private readonly separator: string,
    private readonly names: readonly string[],
  ) {}

  /** The (trimmed, dotted) name of column `index`, 0-based. */
  columnName(index: number): string {
    return this.names[index];
  }

  /** Throws on a header that cannot name the fields of an object. */
  static fromHeader(header: readonly string[], options: CsvRowBuilderOptions): CsvRowBuilder {
    const lists = new Set(options.arrayColumns ?? []);
    const roots: ColumnNode[] = [];
    const seen = new Set<string>();
    header.forEach((raw, column) => {
      const name = raw.trim();
      if (name === '') throw new Error(`empty column name in column ${column + 1}`);
      if (name.indexOf('\u0000') !== -1) throw new Error(`NUL (U+0000) in the name of column ${column + 1}`);
      if (seen.has(name)) throw new Error(`duplicate column "${name}"`);
      seen.add(name);
      const path = name.split('.');
      // Keys are assigned to plain objects, where `__proto__` would replace the prototype instead.
      if (path.some((key) => key === '' || key === '__proto__')) {
        throw new Error(`invalid column name "${name}"`);
      }
      let siblings = roots;
      path.forEach((key, depth) => {
        const existing = siblings.find((node) => node.key === key);
        const prefix = path.slice(0, depth + 1).join('.');
        if (depth === path.length - 1) {
          if (existing !== undefined) {
            throw new Error(`column "${name}" conflicts with the columns under "${prefix}"`);
          }
          siblings.push({ key, column, list: lists.has(name) });
        } else if (existing === undefined) {
          const group: ColumnNode = { key, children: [] };
          siblings.push(group);
          siblings = group.children;
        } else if (existing.children === undefined) {
          throw new Error(`column "${name}" conflicts with column "${prefix}"`);
        } else {
          siblings = existing.children;
        }
      });
    });
    return new CsvRowBuilder(
      header.length,
      roots,
      options.arraySeparator,
      header.map((raw) => raw.trim()),
    );
  }

  /** `cells` must have `columnCount` entries. */
  build(cells: readonly string[]): Record<string, unknown> {
    return this.buildObject(this.nodes, cells) ?? {};
  }

  private buildObject(nodes: ColumnNode[], cells: readonly string[]): Record<string, unknown> | undefined {
    let object: Record<string, unknown> | undefined;
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k];
      let value: unknown;
      if (node.children !== undefined) value = this.buildObject(node.children, cells);
      else if (cells[node.column] === '') continue;
      else value = node.list ? this.splitList(cells[node.column]) : cells[node.column];
      if (value === undefined) continue;
      object ??= {};
      object[node.key] = value;
    }
    return object;
  }

  private splitList(cell: string): string[] | undefined {
    const items: string[] = [];
    for (const part of cell.split(this.separator)) {
      const item = part.trim();
      if (item !== '') items.push(item);
    }
    return items.length === 0 ? undefined : items;
  }
}

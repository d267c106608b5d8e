// YAML for data gen-infra builds itself (maps, lists, strings, numbers, booleans), in the block layout prettier and
// the YAML library give it. Every string is quoted: double quotes with JSON's escapes, which YAML reads the same;
// single quotes for those the caller marks, such as placeholders another tool fills in; a literal block scalar (`|`)
// for multi-line text the caller marks, such as a PEM bundle, where it reads back byte for byte. A list item may
// carry a comment line above it, for what a reader needs to know and the consumer's schema has no field for.

export type YamlValue =
  string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

const isList = (value: YamlValue): value is readonly YamlValue[] => Array.isArray(value);
const isMap = (value: YamlValue): value is { readonly [key: string]: YamlValue | undefined } =>
  typeof value === "object" && !Array.isArray(value);

/** Strings JSON writes as they are, between quotes: no quote, backslash, control character or lone surrogate half. */
const plainJsonString = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

export interface YamlOptions {
  /** Strings written in single quotes. */
  readonly singleQuoted?: ReadonlySet<string>;
  /** A comment above a list item, by the item itself. */
  readonly comments?: ReadonlyMap<YamlValue, string>;
  /** Multi-line strings written as literal block scalars, where they can be (literalBlock); others are quoted. */
  readonly literal?: ReadonlySet<string>;
}

/**
 * A string as a literal block scalar: its indicator (the chomping that keeps its trailing newlines exactly) and its
 * lines. Only printable ASCII and tabs, no space or tab before a line break or at the end, and no leading space, tab
 * or empty line: past those, the block's indentation or line folding would change what reads back, so the string
 * is quoted instead (undefined).
 */
function literalBlock(text: string): { indicator: string; lines: string[] } | undefined {
  if (!/^[\t\n\x20-\x7e]*\n[\t\n\x20-\x7e]*$/.test(text) || /[ \t](\n|$)/.test(text) || /^[ \t\n]/.test(text))
    return undefined;
  const body = text.replace(/\n+$/, "");
  const trailing = text.length - body.length;
  const indicator = trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+";
  return { indicator, lines: [...body.split("\n"), ...Array<string>(Math.max(trailing - 1, 0)).fill("")] };
}

export function yamlDocument(value: YamlValue, options: YamlOptions = {}): string {
  const { singleQuoted = new Set(), comments = new Map(), literal = new Set() } = options;
  const scalar = (v: string | number | boolean): string => {
    if (typeof v !== "string") return String(v);
    if (singleQuoted.has(v)) return `'${v.replace(/'/g, "''")}'`;
    return plainJsonString.test(v) ? `"${v}"` : JSON.stringify(v);
  };
  const out: string[] = [];
  /** A scalar after `lead` (`key: ` or `- `): a literal block's lines at `indent`, or the scalar on the line. */
  const pushScalar = (lead: string, v: string | number | boolean, indent: string): void => {
    const block = typeof v === "string" && literal.has(v) ? literalBlock(v) : undefined;
    if (block === undefined) out.push(`${lead}${scalar(v)}`);
    else out.push(`${lead}${block.indicator}`, ...block.lines.map((line) => (line === "" ? "" : `${indent}${line}`)));
  };
  /**
   * Writes a node's lines at `indent`, the first starting with `lead` instead: a list item's first line shares its
   * dash, and the rest line up under it. One array for the whole document: large inventories are written often.
   */
  const write = (node: YamlValue, indent: string, lead: string): void => {
    let prefix = lead;
    const inner = `${indent}  `;
    if (isList(node)) {
      for (const item of node) {
        const comment = comments.get(item);
        if (comment !== undefined) {
          // A comment line cannot share a line with a dash, so only a list that starts on a line of its own has one.
          if (prefix !== indent) throw new Error("a comment on an item of a list that shares its parent's line");
          out.push(`${indent}# ${comment}`);
        }
        if (!isList(item) && !isMap(item)) pushScalar(`${prefix}- `, item, inner);
        else {
          const written = out.length;
          write(item, inner, `${prefix}- `);
          if (out.length === written) out.push(`${prefix}- `);
        }
        prefix = indent;
      }
      return;
    }
    if (isMap(node)) {
      for (const key in node) {
        const item = node[key];
        if (item === undefined) continue;
        if (!isList(item) && !isMap(item)) pushScalar(`${prefix}${key}: `, item, inner);
        else if (isList(item) ? item.length === 0 : Object.keys(item).length === 0) {
          out.push(`${prefix}${key}: ${isList(item) ? "[]" : "{}"}`);
        } else {
          out.push(`${prefix}${key}:`);
          write(item, inner, inner);
        }
        prefix = indent;
      }
      return;
    }
    out.push(`${prefix}${scalar(node)}`);
  };
  write(value, "", "");
  return `${out.join("\n")}\n`;
}

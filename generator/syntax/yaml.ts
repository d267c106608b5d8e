// YAML for data gen-infra builds itself (maps, lists, strings, numbers, booleans), in the block layout prettier and
// the YAML library give it. Every string is quoted: double quotes with JSON's escapes, which YAML reads the same;
// single quotes for those the caller marks, such as placeholders another tool fills in. A list item may carry a
// comment line above it, for what a reader needs to know and the consumer's schema has no field for.

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
}

export function yamlDocument(value: YamlValue, options: YamlOptions = {}): string {
  const { singleQuoted = new Set(), comments = new Map() } = options;
  const scalar = (v: string | number | boolean): string => {
    if (typeof v !== "string") return String(v);
    if (singleQuoted.has(v)) return `'${v.replace(/'/g, "''")}'`;
    return plainJsonString.test(v) ? `"${v}"` : JSON.stringify(v);
  };
  const out: string[] = [];
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
        if (!isList(item) && !isMap(item)) out.push(`${prefix}- ${scalar(item)}`);
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
        if (!isList(item) && !isMap(item)) out.push(`${prefix}${key}: ${scalar(item)}`);
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

// YAML for data gen-infra builds itself (maps, lists, strings, numbers, booleans), in the block layout prettier and
// the YAML library give it. Every string is quoted: double quotes with JSON's escapes, which YAML reads the same;
// single quotes for those the caller marks, such as placeholders another tool fills in.

export type YamlValue =
  string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

const isList = (value: YamlValue): value is readonly YamlValue[] => Array.isArray(value);
const isMap = (value: YamlValue): value is { readonly [key: string]: YamlValue | undefined } =>
  typeof value === "object" && !Array.isArray(value);

export function yamlDocument(value: YamlValue, singleQuoted: ReadonlySet<string> = new Set()): string {
  const scalar = (v: string | number | boolean): string => {
    if (typeof v !== "string") return String(v);
    if (!singleQuoted.has(v)) return JSON.stringify(v);
    return `'${v.replace(/'/g, "''")}'`;
  };
  /** Lines for a map's or list's entries, each starting at `indent`. */
  const lines = (node: YamlValue, indent: string): string[] => {
    if (isList(node))
      return node.flatMap((item) => {
        if (!isList(item) && !isMap(item)) return [`${indent}- ${scalar(item)}`];
        // The item's first line shares the dash; the rest line up under it.
        const [first = "", ...rest] = lines(item, `${indent}  `);
        return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
      });
    if (isMap(node))
      return Object.entries(node).flatMap(([key, item]) => {
        if (item === undefined) return [];
        if (isList(item) && item.length === 0) return [`${indent}${key}: []`];
        if (isMap(item) && Object.keys(item).length === 0) return [`${indent}${key}: {}`];
        if (isList(item) || isMap(item)) return [`${indent}${key}:`, ...lines(item, `${indent}  `)];
        return [`${indent}${key}: ${scalar(item)}`];
      });
    return [`${indent}${scalar(node)}`];
  };
  return `${lines(value, "").join("\n")}\n`;
}

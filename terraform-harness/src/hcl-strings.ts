// Reading HCL string literals back out of hcl2json's output. hcl2json keeps
// two forms: a plain attribute value is a JSON-syntax template (`$${` and
// `%%{` still escaped), and an expression keeps its native source text.

/** A piece of a native string literal: literal text, or the source of one `${...}` interpolation. */
export type StringPart = { text: string } | { interpolation: string };

/**
 * The literal value of a JSON-syntax template string, or null when it holds
 * an interpolation or a directive and so is no literal at all.
 */
export function templateLiteral(value: string): string | null {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const two = value.slice(i, i + 2);
    if (value.startsWith("$${", i) || value.startsWith("%%{", i)) {
      out += value.slice(i + 1, i + 3);
      i += 2;
    } else if (two === "${" || two === "%{") {
      return null;
    } else {
      out += value[i];
    }
  }
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/** The index just past the `}` that closes the interpolation opened at `start` (the `$`), or -1. */
function interpolationEnd(source: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
    else if (c === '"') {
      const inner = nativeString(source, i);
      if (!inner) return -1;
      i = inner.end - 1;
    }
  }
  return -1;
}

/**
 * Reads the native-syntax string literal whose opening quote is at `start`.
 * Returns its parts and the index past its closing quote, or null when it is
 * malformed or holds a `%{` directive (never a path worth following).
 */
export function nativeString(source: string, start: number): { parts: StringPart[]; end: number } | null {
  if (source[start] !== '"') return null;
  const parts: StringPart[] = [];
  let text = "";
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '"') {
      if (text) parts.push({ text });
      return { parts, end: i + 1 };
    }
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      const unicode = next === "u" ? 4 : next === "U" ? 8 : 0;
      if (unicode) {
        const hex = source.slice(i + 2, i + 2 + unicode);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== unicode) return null;
        text += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + unicode;
        continue;
      }
      const escaped = ESCAPES[next];
      if (escaped === undefined) return null;
      text += escaped;
      i += 2;
      continue;
    }
    if (source.startsWith("$${", i) || source.startsWith("%%{", i)) {
      text += source.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if (source.startsWith("%{", i)) return null;
    if (source.startsWith("${", i)) {
      const end = interpolationEnd(source, i);
      if (end < 0) return null;
      if (text) parts.push({ text });
      text = "";
      parts.push({ interpolation: source.slice(i + 2, end - 1).trim() });
      i = end;
      continue;
    }
    text += c;
    i++;
  }
  return null;
}

// The YAML emitter: given → want, and what the YAML library reads back is what went in.
import { parse } from "yaml";
import { yamlDocument, type YamlValue } from "../../../generator/syntax/yaml";

test.each<[string, YamlValue, string]>([
  [
    "scalars, quoted",
    { a: "x", b: 1, c: true, d: "52:54:00:12:34:56" },
    'a: "x"\nb: 1\nc: true\nd: "52:54:00:12:34:56"\n',
  ],
  ["nested maps", { a: { b: { c: "d" } } }, 'a:\n  b:\n    c: "d"\n'],
  [
    "lists of scalars and of maps",
    { l: ["x", 2], m: [{ a: "b", c: ["d"] }] },
    'l:\n  - "x"\n  - 2\nm:\n  - a: "b"\n    c:\n      - "d"\n',
  ],
  [
    "empty collections, and undefined left out",
    { e: [], f: {}, g: undefined as unknown as YamlValue },
    "e: []\nf: {}\n",
  ],
  ["escapes", { s: 'a "b" \\ \n c' }, 's: "a \\"b\\" \\\\ \\n c"\n'],
  ["plain text as it is, a lone surrogate escaped", { s: "é ✓ x", t: "\ud800" }, 's: "é ✓ x"\nt: "\\ud800"\n'],
])("%s", (_what, value, want) => {
  expect(yamlDocument(value)).toBe(want);
  expect(parse(want)).toEqual(JSON.parse(JSON.stringify(value)));
});

test("marked strings are single-quoted, with their quotes doubled", () => {
  const text = yamlDocument({ secret: "${X}", other: "it's" }, { singleQuoted: new Set(["${X}", "it's"]) });
  expect(text).toBe("secret: '${X}'\nother: 'it''s'\n");
  expect(parse(text)).toEqual({ secret: "${X}", other: "it's" });
});

test("a list item's comment goes on the line above its dash, at the list's indent, and reads back as nothing", () => {
  const second = { name: "b", port: 2 };
  const value = { hosts: [{ name: "a", port: 1 }, second] };
  const text = yamlDocument(value, { comments: new Map([[second, "b runs elsewhere"]]) });
  expect(text).toBe('hosts:\n  - name: "a"\n    port: 1\n  # b runs elsewhere\n  - name: "b"\n    port: 2\n');
  expect(parse(text)).toEqual(value);
});

test("a comment on an item of a list that starts on its parent's line is refused", () => {
  const inner = { a: "b" };
  expect(() => yamlDocument([[inner]], { comments: new Map([[inner, "x"]]) })).toThrow(/shares its parent's line/);
});

describe("literal block scalars", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  test("a marked string is a literal block that reads back byte for byte, its trailing newline too", () => {
    const text = yamlDocument({ a: { ca: pem, b: "x" } }, { literal: new Set([pem]) });
    expect(text).toBe(
      'a:\n  ca: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n    -----END CERTIFICATE-----\n  b: "x"\n',
    );
    expect(parse(text)).toEqual({ a: { ca: pem, b: "x" } });
  });

  test.each([
    ["no trailing newline", "a\nb", "|-"],
    ["one", "a\nb\n", "|"],
    ["two", "a\nb\n\n", "|+"],
    ["three, and an empty line inside", "a\n\nb\n\n\n", "|+"],
    ["indented lines after the first", "a\n  b\n\tc\n", "|"],
  ])("%s: %j as %s", (_what, value, indicator) => {
    for (const doc of [{ k: value }, { l: [value, "z"] }]) {
      const text = yamlDocument(doc, { literal: new Set([value]) });
      expect(text).toContain(indicator);
      expect(parse(text)).toEqual(doc);
    }
  });

  test.each([
    ["a carriage return", "a\r\nb\n"],
    ["a leading space", " a\nb\n"],
    ["a leading empty line", "\na\n"],
    ["a trailing space", "a \nb\n"],
    ["a control character", "a\u0001\nb\n"],
    ["one line", "ab"],
  ])("with %s the string is quoted instead, and still reads back", (_what, value) => {
    const text = yamlDocument({ k: value }, { literal: new Set([value]) });
    expect(text).not.toContain("|");
    expect(parse(text)).toEqual({ k: value });
  });
});

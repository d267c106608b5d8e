// The default command's fast path reads a command line only where yargs would read it the same way: every command
// line it takes, yargs hands to the default command with the same options.
import fc from "fast-check";
import { defaultCommandOptions, type GenerateOptions } from "../../../generator/cli/default-command";
import { parseCommandLine } from "../../../generator/cli/command-line";

const defaults = { out: undefined, check: false, strict: false, force: false, quiet: false, json: false };

/** What yargs hands to the default command for argv, or undefined when it does something else. */
async function yargsOptions(argv: readonly string[]): Promise<GenerateOptions | undefined> {
  let handed: GenerateOptions | undefined;
  let printed = "";
  const stream = { write: (text: string) => (printed += text) };
  // Any other command is a difference: it fails the comparison rather than running.
  const other = async () => 99;
  const exitCode = await parseCommandLine(
    argv,
    { stdout: stream, stderr: stream },
    {
      generate: async (options) => {
        handed = options;
        return 0;
      },
      init: other,
      show: other,
      verify: other,
    },
  );
  if (exitCode !== 0 || printed !== "") return undefined;
  return handed;
}

test.each<[string[], Partial<GenerateOptions>]>([
  [["a.json"], { spec: "a.json" }],
  [["a.json", "-o", "out/a"], { spec: "a.json", out: "out/a" }],
  [["--out", "out/a", "a.json"], { spec: "a.json", out: "out/a" }],
  [["a.json", "--out=out/a=b"], { spec: "a.json", out: "out/a=b" }],
  [["--check", "a.json", "--strict"], { spec: "a.json", check: true, strict: true }],
  [["a.json", "--force", "-q", "--json"], { spec: "a.json", force: true, quiet: true, json: true }],
  [["a.json", "--quiet"], { spec: "a.json", quiet: true }],
  [["-o", "init", "a.json"], { spec: "a.json", out: "init" }],
  [["a b.json", "-o", "true"], { spec: "a b.json", out: "true" }],
  [["007"], { spec: "007" }],
])("takes %j", async (argv, options) => {
  const expected = { ...defaults, ...options };
  expect(defaultCommandOptions(argv)).toStrictEqual(expected);
  expect(await yargsOptions(argv)).toStrictEqual(expected);
});

test.each([
  [[]],
  [["--help"]],
  [["-h"]],
  [["--version"]],
  [["-v"]],
  [["init"]],
  [["show", "a.json"]],
  [["verify", "out/a"]],
  [["help"]],
  [["$0"]],
  [["a.json", "b.json"]],
  [["a.json", "--bogus"]],
  [["a.json", "--no-check"]],
  [["a.json", "--check=false"]],
  [["--check", "true"]],
  [["--check", "false", "a.json"]],
  [["a.json", "--check", "--check"]],
  [["a.json", "-q", "--quiet"]],
  [["a.json", "-o", "a", "-o", "b"]],
  [["a.json", "-o"]],
  [["a.json", "-o", ""]],
  [["a.json", "--out="]],
  [["a.json", "-o", "-x"]],
  [["a.json", "-o", "-1"]],
  [["a.json", "-o", "--check"]],
  [["a.json", "--out='x'"]],
  [["'a.json'"]],
  [["-qo", "x", "a.json"]],
  [["a.json", "--", "b"]],
  [["-"]],
  [[""]],
])("leaves %j to yargs", (argv) => {
  expect(defaultCommandOptions(argv)).toBeUndefined();
});

test("every command line the fast path takes, yargs reads the same way", async () => {
  const flags = ["--check", "--strict", "--force", "--quiet", "-q", "--json", "-o", "--out", "--", "-h", "--no-json"];
  const words = ["a.json", "out/x", "true", "false", "init", "help", "$0", "-", "", "007", "0x1f", "-1", "'q'", '"q"'];
  const value = fc.oneof(fc.constantFrom(...words), fc.string({ unit: "binary", maxLength: 6 }));
  const token = fc.oneof(
    fc.constantFrom(...flags),
    value,
    value.map((v) => `--out=${v}`),
  );
  let taken = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(token, { maxLength: 6 }), async (argv) => {
      const fast = defaultCommandOptions(argv);
      if (fast === undefined) return;
      taken++;
      expect(await yargsOptions(argv)).toStrictEqual(fast);
    }),
    { numRuns: 3000, seed: Number(process.env.GEN_INFRA_PROPERTY_SEED ?? 20261207) },
  );
  // Most random command lines are yargs' to read; the property says little unless enough are the fast path's.
  expect(taken).toBeGreaterThan(200);
});

// The default command's fast path: `gen-infra <spec> [-o dir] [--check] [--strict] [--force] [-q] [--json]`, read
// without yargs, whose load alone costs a cold run more than compiling the 128-worker fixture does. It takes only
// command lines that yargs reads the same way (test/unit/cli/default-command.test.ts compares the two) and leaves
// everything else to yargs: --help, --version, the other commands, unknown options, repeats and anything yargs
// reads in a way of its own (quotes stripped from option values, a boolean's "true" or "false", "--").

export interface GenerateOptions {
  spec: string;
  out?: string | undefined;
  check: boolean;
  strict: boolean;
  force: boolean;
  quiet: boolean;
  json: boolean;
}

type BooleanOption = "check" | "strict" | "force" | "quiet" | "json";

const booleanFlags: ReadonlyMap<string, BooleanOption> = new Map([
  ["--check", "check"],
  ["--strict", "strict"],
  ["--force", "force"],
  ["--quiet", "quiet"],
  ["-q", "quiet"],
  ["--json", "json"],
]);

/**
 * Words yargs reads as something other than a spec in the spec's place: the commands, its own help command and
 * the default command's name; and the values it takes for a boolean option just before.
 */
const notASpec: ReadonlySet<string> = new Set(["init", "show", "verify", "help", "$0", "true", "false"]);

/**
 * A value yargs passes through unchanged: not empty (yargs gives "" for a missing value), not an option or "--",
 * and not quoted (yargs strips the quotes of an option's value).
 */
const isPlainValue = (value: string | undefined): value is string =>
  value !== undefined && value !== "" && !/^[-'"]/.test(value);

/** The out value of `-o dir`, `--out dir` or `--out=dir` at argv[index], and how many arguments it took. */
function outOption(argv: readonly string[], index: number): { value: string | undefined; taken: number } | undefined {
  const arg = argv[index]!;
  if (arg === "-o" || arg === "--out") return { value: argv[index + 1], taken: 2 };
  if (arg.startsWith("--out=")) return { value: arg.slice("--out=".length), taken: 1 };
  return undefined;
}

/** The default command's options, or undefined when the command line is for yargs to read. */
export function defaultCommandOptions(argv: readonly string[]): GenerateOptions | undefined {
  const flags = new Set<BooleanOption>();
  let spec: string | undefined;
  let out: string | undefined;
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index]!;
    const flag = booleanFlags.get(arg);
    if (flag !== undefined) {
      if (flags.has(flag)) return undefined;
      flags.add(flag);
      index += 1;
      continue;
    }
    const outArg = outOption(argv, index);
    if (outArg !== undefined) {
      if (out !== undefined || !isPlainValue(outArg.value)) return undefined;
      out = outArg.value;
      index += outArg.taken;
      continue;
    }
    if (spec !== undefined || !isPlainValue(arg) || notASpec.has(arg)) return undefined;
    spec = arg;
    index += 1;
  }
  if (spec === undefined) return undefined;
  return {
    spec,
    out,
    check: flags.has("check"),
    strict: flags.has("strict"),
    force: flags.has("force"),
    quiet: flags.has("quiet"),
    json: flags.has("json"),
  };
}

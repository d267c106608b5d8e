// The command line: wires load → compile → write and turns findings into text and exit codes. No logic of its own,
// and no side effect at import: bin.ts runs it for the process, tests run it in process with their own streams.
import path from "node:path";
import yargs from "yargs";
import packageJson from "../../package.json" with { type: "json" };
import { loadSpec } from "./load";
import type { Io } from "./io";
import { compile, ownOutputNames } from "../compile";
import { differingFiles, writeOutput } from "../output/write";
import { hasErrors, type Finding } from "../findings";
import { formatFindings } from "./terminal";
import { init } from "./init";
import { show } from "./show";
import { verify } from "./verify";
import { ENGINE_CHOICES, parseEngine } from "../verify/engine";
import type { Cluster } from "../model/model";
import { clusterTotals } from "../model/totals";
import { manifestName } from "../output/manifest";

const printFindings = (io: Io, findings: readonly Finding[], source: string) =>
  io.stderr.write(formatFindings(findings, source, Boolean(io.stderr.isTTY)));

function summary(cluster: Cluster): string {
  const count = (role: string) => cluster.nodes.filter((n) => n.role === role).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const dayTwo = cluster.nodes.filter((n) => n.dayTwo).length;
  return [
    plural(count("master"), "master"),
    ...(cluster.arbiter ? [plural(count("arbiter"), "arbiter")] : []),
    plural(count("worker"), "worker") + (dayTwo ? ` (${dayTwo} day-2)` : ""),
    plural(cluster.networks.length, "network"),
    `${clusterTotals(cluster).memoryGiB} GiB RAM`,
  ].join(", ");
}

interface GenerateOptions {
  spec: string;
  out?: string | undefined;
  check: boolean;
  strict: boolean;
  force: boolean;
  quiet: boolean;
  json: boolean;
}

/** What a run did, as `--json` prints it for CI. */
interface RunReport {
  ok: boolean;
  findings: readonly Finding[];
  dir?: string;
  written?: string[];
  removed?: string[];
  /** Files already as generated, which were not rewritten. */
  unchanged?: string[];
  /** An interrupted earlier run was finished first. */
  recovered?: boolean;
  /** Files that differ (--check) or that gen-infra refused to overwrite. */
  problems?: string[];
  summary?: string;
}

/** Findings about the command line's own paths, before anything is read. */
function pathFindings(spec: string, out: string | undefined): Finding[] {
  const problem = (option: string, value: string, message: string): Finding => ({
    severity: "error",
    path: [],
    value: undefined,
    message: `${option} ${JSON.stringify(value)} ${message}`,
  });
  const findings: Finding[] = [];
  // Node replaces bytes that are not UTF-8 with U+FFFD, which would name another file.
  if (spec.includes("\uFFFD")) findings.push(problem("the spec path", spec, "is not valid UTF-8"));
  if (out !== undefined) {
    if (out === "") findings.push(problem("--out", out, "is empty; name the output folder"));
    else if (out.includes("\uFFFD")) findings.push(problem("--out", out, "is not valid UTF-8"));
  }
  return findings;
}

async function run({ spec, out, check, strict, force }: GenerateOptions): Promise<RunReport> {
  const source = path.basename(spec);
  const badPaths = pathFindings(spec, out);
  if (badPaths.length) return { ok: false, findings: badPaths };
  const loaded = await loadSpec(spec);
  if (!loaded.ok) return { ok: false, findings: loaded.findings };
  const { findings, cluster, files } = compile(loaded.raw, source, { strict });
  if (hasErrors(findings) || !cluster || !files) return { ok: false, findings };
  const dir = out ?? path.join("out", cluster.spec.cluster_name);
  if (check) {
    const differing = differingFiles(dir, files);
    return {
      ok: differing.length === 0,
      findings,
      dir,
      problems: differing.map((file) => `${file} differs from what ${source} generates`),
      summary: `${dir} is up to date with ${source}`,
    };
  }
  const result = writeOutput(dir, files, { force, ownNames: ownOutputNames() });
  const allFindings = [...findings, ...result.findings];
  if (!result.ok) {
    const problems = result.refused.map(
      ({ file, reason }) => `${path.join(dir, file)} ${reason}; nothing was written (use --force to overwrite it)`,
    );
    return { ok: false, findings: allFindings, dir, problems };
  }
  const wrote = result.written.filter((file) => path.basename(file) !== manifestName).length;
  const unchanged = result.unchanged.length ? `, ${result.unchanged.length} unchanged` : "";
  const what = wrote ? `wrote ${wrote} files to ${dir}${unchanged}` : `${dir} is up to date${unchanged}`;
  const summaryLine = `${what} (${summary(cluster)})`;
  return {
    ok: true,
    findings: allFindings,
    dir,
    written: result.written,
    unchanged: result.unchanged,
    removed: result.removed,
    ...(result.recovered ? { recovered: true } : {}),
    summary: summaryLine,
  };
}

async function generate(options: GenerateOptions, io: Io): Promise<number> {
  const report = await run(options);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (!(report.ok && options.quiet)) {
    printFindings(io, report.findings, path.basename(options.spec));
    for (const problem of report.problems ?? []) io.stderr.write(`${problem}\n`);
    for (const file of report.removed ?? []) io.stdout.write(`removed ${file}, which gen-infra no longer generates\n`);
    if (report.ok && report.summary) io.stdout.write(`${report.summary}\n`);
  }
  return report.ok ? 0 : 1;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  // Set when yargs rejects the command line: a user mistake, as opposed to a defect.
  let usage: string | undefined;
  try {
    await yargs(argv)
      .scriptName("gen-infra")
      .usage(
        "$0 <spec> [options]\n$0 init [name]\n$0 show <spec>\n$0 verify <dir>\n\nCompile a cluster spec into Terraform HCL and cloud-init for a libvirt OpenShift lab.",
      )
      .command(
        "$0 <spec>",
        "Validate a spec and write its Terraform configuration",
        (y) =>
          y
            .positional("spec", {
              type: "string",
              demandOption: true,
              describe: "Spec file: .json, .yaml, .vars or .tfvars",
            })
            .option("out", { alias: "o", type: "string", describe: "Output directory [default: out/<cluster_name>]" })
            .option("check", {
              type: "boolean",
              default: false,
              describe: "Write nothing; exit 1 if any output file differs",
            })
            .option("strict", { type: "boolean", default: false, describe: "Treat warnings as errors (for CI)" })
            .option("force", {
              type: "boolean",
              default: false,
              describe: "Overwrite output files that were edited by hand or not written by gen-infra",
            })
            .option("quiet", { alias: "q", type: "boolean", default: false, describe: "Print nothing on success" })
            .option("json", {
              type: "boolean",
              default: false,
              describe: "Print findings and written files as JSON (for CI)",
            })
            .example("$0 monaco.json", "write out/monaco/")
            .example("$0 monaco.vars -o out/lab", "read the seed's variables file, write out/lab/")
            .example("$0 monaco.yaml", "read a YAML spec")
            .example("$0 monaco.json -o out/monaco --check", "in CI: fail if committed output is stale")
            .example("$0 init", "write a starter cluster.json")
            .example("$0 show monaco.json", "print the nodes, NICs and MACs")
            .example("$0 verify out/monaco", "run Terraform on the output, offline"),
        async (args) => {
          exitCode = await generate(
            {
              spec: args.spec,
              out: args.out,
              check: args.check,
              strict: args.strict,
              force: args.force,
              quiet: args.quiet,
              json: args.json,
            },
            io,
          );
        },
      )
      .command(
        "init [name]",
        "Write a starter spec with every key at its default",
        (y) =>
          y
            .positional("name", { type: "string", default: "cluster", describe: "Spec file to write (.json added)" })
            .example("$0 init", "write cluster.json")
            .example("$0 init monaco", "write monaco.json for a cluster named monaco"),
        async (args) => {
          exitCode = await init(args.name, io);
        },
      )
      .command(
        "show <spec>",
        "Print the cluster's nodes, NICs, MACs and totals",
        (y) =>
          y
            .positional("spec", { type: "string", demandOption: true, describe: "Spec file" })
            .option("json", { type: "boolean", default: false, describe: "Print the inventory as JSON" })
            .example("$0 show monaco.json", "a table of every node")
            .example("$0 show monaco.json --json", "the inventory, for scripts"),
        async (args) => {
          exitCode = await show(args.spec, args.json, io);
        },
      )
      .command(
        "verify <dir>",
        "Run real Terraform init, validate and plan on generated output, offline, with a stand-in libvirt provider",
        (y) =>
          y
            .positional("dir", { type: "string", demandOption: true, describe: "A directory gen-infra wrote" })
            .option("engine", {
              type: "string",
              choices: ENGINE_CHOICES,
              describe:
                "terraform ($TERRAFORM, else terraform on PATH) or tofu/opentofu ($TOFU, else tofu on PATH) [default: $TERRAFORM, else terraform, whichever engine it is]",
            })
            .example("$0 verify out/monaco", "prove out/monaco plans under Terraform without a hypervisor")
            .example("$0 verify out/monaco --engine tofu", "the same with OpenTofu"),
        async (args) => {
          const engine = args.engine === undefined ? null : parseEngine(args.engine);
          exitCode = await verify(args.dir, io, engine ? { engine } : {});
        },
      )
      .version(packageJson.version)
      // A test runs main in process: --help and --version print and return rather than end the process.
      .exitProcess(false)
      .strict()
      .help()
      .alias("h", "help")
      .alias("v", "version")
      .wrap(Math.min(110, io.stdout.columns ?? 110))
      .fail((message, error) => {
        // yargs reports a bad command line as a YError; anything else is a real exception from a handler.
        if (error && error.name !== "YError") throw error;
        usage = message ?? error?.message ?? "invalid command line";
        throw new Error(usage);
      })
      .parseAsync();
  } catch (error) {
    if (usage === undefined) throw error;
    io.stderr.write(`gen-infra: ${usage}\nRun gen-infra --help for usage.\n`);
    exitCode = 1;
  }
  return exitCode;
}

// The command line: wires load → compile → write and turns findings into text and exit codes. No logic of its own.
import path from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import packageJson from "../package.json" with { type: "json" };
import { loadSpec } from "./load";
import { compile } from "./compile";
import { differingFiles, writeOutput } from "./write";
import { formatFinding, hasErrors, type Finding } from "./findings";
import { verify } from "./verify-command";
import type { Cluster } from "./model";
import { clusterTotals } from "./checks/capacity";

const printFindings = (findings: readonly Finding[], source: string) => {
  for (const finding of findings) process.stderr.write(`${source}: ${formatFinding(finding)}\n`);
};

function summary(cluster: Cluster): string {
  const count = (role: string) => cluster.nodes.filter((n) => n.role === role).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(count("master"), "master")}, ${plural(count("worker"), "worker")}, ${plural(cluster.networks.length, "network")}, ${clusterTotals(cluster).memoryGiB} GiB RAM`;
}

interface GenerateOptions {
  spec: string;
  out?: string | undefined;
  check: boolean;
  strict: boolean;
  force: boolean;
}

async function generate({ spec, out, check, strict, force }: GenerateOptions): Promise<number> {
  const source = path.basename(spec);
  const loaded = await loadSpec(spec);
  if (!loaded.ok) {
    printFindings(loaded.findings, source);
    return 1;
  }
  const { findings, cluster, files } = compile(loaded.raw, source, { strict });
  printFindings(findings, source);
  if (hasErrors(findings) || !cluster || !files) return 1;
  const dir = out ?? path.join("out", cluster.spec.cluster_name);
  if (check) {
    const differing = await differingFiles(dir, files);
    for (const file of differing) process.stderr.write(`${file} differs from what ${source} generates\n`);
    if (differing.length) return 1;
    process.stdout.write(`${dir} is up to date with ${source}\n`);
    return 0;
  }
  const result = await writeOutput(dir, files, force);
  if (!result.ok) {
    for (const { file, reason } of result.refused) {
      process.stderr.write(`${path.join(dir, file)} ${reason}; nothing was written (use --force to overwrite it)\n`);
    }
    return 1;
  }
  for (const file of result.removed) process.stdout.write(`removed ${file}, which gen-infra no longer generates\n`);
  process.stdout.write(`wrote ${files.size} files to ${dir} (${summary(cluster)})\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  // Set when yargs rejects the command line: a user mistake, as opposed to a defect.
  let usage: string | undefined;
  try {
    await yargs(argv)
      .scriptName("gen-infra")
      .usage(
        "$0 <spec> [options]\n$0 verify <dir>\n\nCompile a cluster spec into Terraform HCL and cloud-init for a libvirt OpenShift lab.",
      )
      .command(
        "$0 <spec>",
        "Validate a spec and write its Terraform configuration",
        (y) =>
          y
            .positional("spec", { type: "string", demandOption: true, describe: "Spec file: .json, .vars or .tfvars" })
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
            .example("$0 monaco.json", "write out/monaco/")
            .example("$0 monaco.vars -o out/lab", "read the seed's variables file, write out/lab/")
            .example("$0 monaco.json -o out/monaco --check", "in CI: fail if committed output is stale"),
        async (args) => {
          exitCode = await generate({
            spec: args.spec,
            out: args.out,
            check: args.check,
            strict: args.strict,
            force: args.force,
          });
        },
      )
      .command(
        "verify <dir>",
        "Run real Terraform init, validate and plan on generated output, offline, with a stand-in libvirt provider",
        (y) =>
          y
            .positional("dir", { type: "string", demandOption: true, describe: "A directory gen-infra wrote" })
            .example("$0 verify out/monaco", "prove out/monaco plans under Terraform without a hypervisor"),
        async (args) => {
          exitCode = await verify(args.dir);
        },
      )
      .version(packageJson.version)
      .strict()
      .help()
      .alias("h", "help")
      .alias("v", "version")
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .fail((message, error) => {
        // yargs reports a bad command line as a YError; anything else is a real exception from a handler.
        if (error && error.name !== "YError") throw error;
        usage = message ?? error?.message ?? "invalid command line";
        throw new Error(usage);
      })
      .parseAsync();
  } catch (error) {
    if (usage === undefined) throw error;
    process.stderr.write(`gen-infra: ${usage}\nRun gen-infra --help for usage.\n`);
    exitCode = 1;
  }
  return exitCode;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Reaching here is a defect in gen-infra, never a user mistake: those are findings.
    process.stderr.write(
      `gen-infra: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);

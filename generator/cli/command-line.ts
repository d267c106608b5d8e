// The whole command line, through yargs: every command, --help, --version and the usage errors. Loaded only for what
// the default command's fast path (default-command.ts) leaves to it, since loading yargs costs a cold run more than
// compiling does; and given the commands by main, so that the build can bundle it apart without them.
import yargs from "yargs";
import packageJson from "../../package.json" with { type: "json" };
import type { GenerateOptions } from "./default-command";
import type { Io } from "./io";
import type { VerifyOptions } from "./verify";
import { ENGINE_CHOICES, parseEngine } from "./engine-option";

/** What each command does once its arguments are read; each returns the exit code. */
export interface Commands {
  generate(options: GenerateOptions): Promise<number>;
  init(name: string): Promise<number>;
  show(spec: string, json: boolean): Promise<number>;
  verify(dir: string, options: VerifyOptions): Promise<number>;
}

export async function parseCommandLine(argv: readonly string[], io: Io, commands: Commands): Promise<number> {
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
          exitCode = await commands.generate({
            spec: args.spec,
            out: args.out,
            check: args.check,
            strict: args.strict,
            force: args.force,
            quiet: args.quiet,
            json: args.json,
          });
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
          exitCode = await commands.init(args.name);
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
          exitCode = await commands.show(args.spec, args.json);
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
          exitCode = await commands.verify(args.dir, engine ? { engine } : {});
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

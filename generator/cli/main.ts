// The command line: wires load → compile → write and turns findings into text and exit codes. No logic of its own,
// and no side effect at import: bin.ts runs it for the process, tests run it in process with their own streams.
import path from "node:path";
import { loadSpec } from "./load";
import type { Io } from "./io";
import { compile, ownOutputNames } from "../compile";
import { differingFiles, writeOutput } from "../output/write";
import { hasErrors, type Finding } from "../findings";
import { formatFindings } from "./terminal";
import { defaultCommandOptions, type GenerateOptions } from "./default-command";
import type { Commands } from "./command-line";
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
  const { findings, cluster, files } = compile(loaded.raw, source, { strict, files: loaded.files });
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

/** The commands yargs may pick, each loaded only when picked: the default command's fast path needs none of them. */
const commands = (io: Io): Commands => ({
  generate: (options) => generate(options, io),
  init: async (name) => (await import("./init")).init(name, io),
  show: async (spec, json) => (await import("./show")).show(spec, json, io),
  verify: async (dir, options) => (await import("./verify")).verify(dir, io, options),
});

export async function main(argv: readonly string[], io: Io): Promise<number> {
  // yargs loads only for what the fast path leaves to it, so that the common run does not pay for its load.
  const options = defaultCommandOptions(argv);
  if (options) return generate(options, io);
  const { parseCommandLine } = await import("./command-line");
  return parseCommandLine(argv, io, commands(io));
}

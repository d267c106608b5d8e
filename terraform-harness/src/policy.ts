// What verify refuses to run, decided on the parsed configuration before
// Terraform sees it. gen-infra's own output has none of these; each is a way
// for a folder to make Terraform reach the network, run a command, or read
// and write state outside the scratch copy.
import { bodies, isJson, labelled, resourcesOf, type Json } from "./hcl-json";
import { templateLiteral } from "./hcl-strings";
import { insideFolder } from "./safe-read";

export interface ParsedFile {
  /** Path relative to the folder. */
  name: string;
  body: Json;
}

export interface Refusal {
  file: string;
  message: string;
}

export interface RemoteStateBlock {
  /** The module directory holding the block, relative to the folder ("" for the root module). */
  module: string;
  name: string;
  /** The state path as written, for reports only: verify never opens it. */
  configuredPath: string;
}

const ACCEPTED_REMOTE_STATE = 'backend = "local" and config = { path = "..." }, nothing else';

/** Terraform's own rule for files it skips: hidden, editor backups and lock files. */
export function ignoredByTerraform(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"));
}

export function isOverrideFile(name: string): boolean {
  const base = name.replace(/\.tf(\.json)?$/, "");
  return base === "override" || base.endsWith("_override");
}

/** The folder-relative directory a `source` names, or null when it is not a local path inside the folder. */
export function localModuleDir(callerDir: string, source: string): string | null {
  if (!source.startsWith("./") && !source.startsWith("../")) return null;
  const joined = callerDir ? `${callerDir}/${source}` : source;
  return insideFolder(joined);
}

interface ModuleCall {
  name: string;
  /** The literal source, or null when it is not a literal string. */
  source: string | null;
}

export function moduleCalls(file: ParsedFile): ModuleCall[] {
  return labelled(file.body, "module").map(({ label, body }) => ({
    name: label,
    source: typeof body["source"] === "string" ? templateLiteral(body["source"]) : null,
  }));
}

function backendRefusals(file: ParsedFile): string[] {
  return bodies(file.body["terraform"]).flatMap((terraform) => [
    ...labelled(terraform, "backend").map(
      ({ label }) =>
        `terraform { backend ${JSON.stringify(label)} }: gen-infra's configuration declares no backend, so its ` +
        "state stays in the folder; a backend could send state and credentials over the network or open files " +
        "outside the scratch copy",
    ),
    ...bodies(terraform["cloud"]).map(
      () => "terraform { cloud }: HCP Terraform is a remote backend; gen-infra's configuration declares none",
    ),
  ]);
}

function moduleRefusals(file: ParsedFile, dir: string): string[] {
  return moduleCalls(file).flatMap(({ name, source }) => {
    const where = `module ${JSON.stringify(name)}`;
    if (source === null) return [`${where}: its source is not a literal path`];
    if (!source.startsWith("./") && !source.startsWith("../")) {
      return [
        `${where}: source ${JSON.stringify(source)} is not a local path; verify never fetches modules ` +
          "(registry, git, http, s3 and the like reach the network)",
      ];
    }
    if (localModuleDir(dir, source) === null) {
      return [`${where}: source ${JSON.stringify(source)} leads out of the folder, which is all verify copies`];
    }
    return [];
  });
}

function provisionerRefusals(file: ParsedFile): string[] {
  const inResources = resourcesOf(file.body, "resource").flatMap(({ type, name, body }) =>
    Object.keys(isJson(body["provisioner"]) ? body["provisioner"] : {}).map(
      (kind) => `resource ${JSON.stringify(type)} ${JSON.stringify(name)}: provisioner ${JSON.stringify(kind)}`,
    ),
  );
  const inRemoved = bodies(file.body["removed"]).flatMap((body) =>
    Object.keys(isJson(body["provisioner"]) ? body["provisioner"] : {}).map(
      (kind) => `removed block: provisioner ${JSON.stringify(kind)}`,
    ),
  );
  return [...inResources, ...inRemoved].map(
    (where) =>
      `${where}: gen-infra writes no provisioners, and verify runs none (they run commands and open connections)`,
  );
}

/** Data sources at the top level and those scoped inside `check` blocks. */
function dataSources(file: ParsedFile): { type: string; name: string; body: Json }[] {
  const scoped = labelled(file.body, "check").flatMap(({ body }) => resourcesOf(body, "data"));
  return [...resourcesOf(file.body, "data"), ...scoped];
}

/** Why a terraform_remote_state body is not the generated form, or null when it is. */
function remoteStateProblem(body: Json): string | null {
  const backend = body["backend"];
  if (backend !== "local") {
    return `backend ${typeof backend === "string" ? JSON.stringify(backend) : "(not a literal)"} is not the generated "local"`;
  }
  const extra = Object.keys(body).filter((key) => key !== "backend" && key !== "config");
  if (extra.length > 0) return `it also sets ${extra.join(", ")}`;
  const config = body["config"];
  if (!isJson(config) || typeof config["path"] !== "string" || Object.keys(config).length !== 1) {
    return "its config is not just { path = ... }";
  }
  return null;
}

function remoteStateRefusals(file: ParsedFile): string[] {
  return dataSources(file)
    .filter(({ type }) => type === "terraform_remote_state")
    .flatMap(({ name, body }) => {
      const problem = remoteStateProblem(body);
      return problem === null
        ? []
        : [
            `data "terraform_remote_state" ${JSON.stringify(name)}: ${problem}; verify accepts only the generated ` +
              `form (${ACCEPTED_REMOTE_STATE}) and feeds it a state of its own`,
          ];
    });
}

/** Everything in one parsed file that verify refuses, in words. */
export function refusalsIn(file: ParsedFile, moduleDir: string): Refusal[] {
  return [
    ...backendRefusals(file),
    ...moduleRefusals(file, moduleDir),
    ...provisionerRefusals(file),
    ...remoteStateRefusals(file),
  ].map((message) => ({ file: file.name, message }));
}

/** The accepted (generated-form) terraform_remote_state blocks of one file. */
export function remoteStateBlocks(file: ParsedFile, moduleDir: string): RemoteStateBlock[] {
  return dataSources(file)
    .filter(({ type, body }) => type === "terraform_remote_state" && remoteStateProblem(body) === null)
    .map(({ name, body }) => {
      const raw = String((body["config"] as Json)["path"]);
      return { module: moduleDir, name, configuredPath: templateLiteral(raw) ?? raw };
    });
}

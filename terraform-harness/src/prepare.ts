// Everything before Terraform runs: the binary and the stand-in found, the folder read and checked (so that a
// refusal leaves nothing behind), then a scratch folder laid out with the copy, the provider mirror, the parent
// states, the keys and the sealed environment.
import { realpathSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engineCommand, engineVariable, type Engine } from "./engine";
import { loadConfig } from "./module-tree";
import { remoteStateBlocks, type Refusal } from "./policy";
import { locateStandinBundle, writeCliConfig, writeProviderMirror } from "./provider-mirror";
import { fileReferences, imagePath } from "./references";
import { Refused, refuse } from "./refused";
import { prepareRemoteStates, type RemoteStateRef } from "./remote-state";
import { StepFailed } from "./result";
import { readFolderFile, UnsafeFile, type FolderFile } from "./safe-read";
import { terraformEnvironment } from "./sealed-env";
import { writeKeyFilesSync } from "./ssh-keys";
import { findTerraform, terraformCommand } from "./terraform-binary";
import { copyIntoStack, createWorkspace, removeWorkspace, writePlaceholder, type Workspace } from "./workspace";

/** What preparing reads of a run's options (see RunTerraformOptions). */
export interface PrepareOptions {
  terraform?: string;
  engine?: Engine;
  vars?: Readonly<Record<string, string>>;
  scratchParent?: string;
}

/** A scratch folder ready for Terraform, and how to run it there. */
export interface Prepared {
  binary: string;
  workspace: Workspace;
  mirror: string;
  env: Record<string, string>;
  refs: RemoteStateRef[];
  /** Where the configuration expects the guest image under these -var values (a placeholder goes there). */
  imageFor: (vars: Readonly<Record<string, string>>) => string | null;
}

/** The folder as a real path: everything verify reads must lie under it. */
function realFolder(outDir: string): string {
  let folder: string;
  try {
    folder = realpathSync(outDir);
  } catch (err) {
    throw refuse(`${outDir} cannot be read: ${(err as Error).message}`);
  }
  if (!statSync(folder).isDirectory()) throw refuse(`${outDir} is not a directory`);
  return folder;
}

/** Reads and checks everything before a scratch folder exists, so a refusal leaves nothing behind. */
async function readFolder(folder: string, vars: Readonly<Record<string, string>>) {
  const loaded = await loadConfig(folder);
  const refusals: Refusal[] = [...loaded.refusals];
  if (loaded.sources.length === 0) refusals.push({ file: "", message: "the folder holds no .tf files" });
  const references = fileReferences(loaded.modules);
  const have = new Set(loaded.sources.map((file) => file.rel));
  const extra: FolderFile[] = [];
  for (const rel of references.folder.filter((r) => !have.has(r))) {
    try {
      const file = readFolderFile(folder, rel);
      if (file) extra.push(file);
    } catch (err) {
      if (!(err instanceof UnsafeFile)) throw err;
      refusals.push({ file: err.file, message: `(read by the configuration) ${err.reason}` });
    }
  }
  if (refusals.length > 0) throw new Refused(refusals);
  return {
    files: [...loaded.sources, ...extra],
    home: references.home,
    image: imagePath(loaded.modules, vars),
    imageFor: (other: Readonly<Record<string, string>>) => imagePath(loaded.modules, other),
    remoteState: loaded.modules.flatMap((m) => m.files.flatMap((f) => remoteStateBlocks(f, m.dir))),
  };
}

export async function prepare(outDir: string, options: PrepareOptions): Promise<Prepared> {
  const env = options.terraform ? { ...process.env, TERRAFORM: options.terraform } : process.env;
  // An explicit binary is taken as given, whatever engine was asked for: the version check below judges it.
  const engine = options.terraform ? undefined : options.engine;
  const binary = await findTerraform(env, engine);
  if (!binary) {
    const command = engineCommand(engine ?? "terraform");
    throw new StepFailed(
      "setup",
      `${command} not found (${terraformCommand(env, engine)}); set ${engineVariable(engine ?? "terraform")} or put ${command} on PATH`,
      "environment",
    );
  }
  let bundle: string;
  try {
    bundle = locateStandinBundle();
  } catch (err) {
    throw new StepFailed("setup", (err as Error).message, "environment");
  }
  const folder = realFolder(outDir);
  const found = await readFolder(folder, options.vars ?? {});
  const workspace = createWorkspace(folder, options.scratchParent ?? tmpdir());
  try {
    // Every write into the scratch folder is synchronous: none can still be in flight when a signal removes it.
    copyIntoStack(workspace, found.files);
    if (found.image) writePlaceholder(workspace, found.image);
    const mirror = join(workspace.harness, "providers");
    writeProviderMirror(mirror, bundle);
    const cliConfig = writeCliConfig(join(workspace.harness, "cli.tfrc"));
    const refs = prepareRemoteStates(found.remoteState, workspace.stack, join(workspace.harness, "state"));
    // Keys the configuration reads through pathexpand("~/...") are made in the scratch HOME, never read from the user's.
    for (const file of found.home) writeKeyFilesSync(join(workspace.home, file));
    const env = terraformEnvironment({ home: workspace.home, tmp: workspace.tmp, cliConfig }, process.env["PATH"]);
    return { binary, workspace, mirror, env, refs, imageFor: found.imageFor };
  } catch (err) {
    removeWorkspace(workspace);
    throw err;
  }
}

// A scratch copy of a generated configuration, laid out so that paths
// leading out of it (`../terraform.tfstate`) still land inside the scratch
// directory, and free of anything a previous `terraform init` left behind.
import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Workspace {
  /** The scratch directory holding everything, removed by `removeWorkspace`. */
  root: string;
  /** Where the configuration is copied and Terraform runs. */
  stack: string;
}

/** Leftovers of earlier runs: they would pin other hashes or state, or are big and useless. */
function skipped(name: string, isDirectory: boolean): boolean {
  if (isDirectory) return name === ".terraform" || name === ".git" || name === "node_modules";
  return (
    name === ".terraform.lock.hcl" ||
    name.endsWith(".tfstate") ||
    name.endsWith(".tfstate.backup") ||
    name === ".terraform.tfstate.lock.info" ||
    name.endsWith(".tfplan")
  );
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (skipped(entry.name, entry.isDirectory())) continue;
    if (entry.isDirectory()) await copyTree(join(from, entry.name), join(to, entry.name));
    // Symlinks, sockets and the like are not part of a generated configuration.
    else if (entry.isFile()) await copyFile(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * Copies `outDir` to `<root>/w1/.../stack`, nested `parentLevels` deep below
 * the root so that a relative path climbing that many levels stays inside.
 */
export async function createWorkspace(outDir: string, parentLevels: number): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), "gen-infra-verify-"));
  const levels = Array.from({ length: Math.max(0, parentLevels - 1) }, (_, i) => `w${i + 1}`);
  const stack = join(root, ...levels, "stack");
  await copyTree(outDir, stack);
  return { root, stack };
}

export async function removeWorkspace(workspace: Workspace): Promise<void> {
  await rm(workspace.root, { recursive: true, force: true });
}

// verify's scratch folder: created synchronously and registered in the same
// tick (so a signal can never leave one behind unknown), never inside the
// folder being verified, and holding only what verify put there.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { removeScratch, trackScratch } from "./cleanup";
import { refuse } from "./refused";
import type { FolderFile } from "./safe-read";

export interface Workspace {
  /** The scratch folder holding everything, removed by `removeWorkspace`. */
  root: string;
  /** Where the configuration is copied and Terraform runs. */
  stack: string;
  /** verify's own files: provider mirror, CLI config, states, HOME and TMPDIR. */
  harness: string;
  home: string;
  tmp: string;
}

const within = (inner: string, outer: string): boolean =>
  inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

/** Why scratch folders under `parent` would not do for verifying `folder` (both real paths), or null. */
export function scratchParentProblem(folder: string, parent: string): string | null {
  if (within(parent, folder)) {
    return `the scratch location ${parent} (TMPDIR) is inside ${folder}, the folder being verified: the scratch copy would land in what it copies; set TMPDIR to a directory outside it`;
  }
  return null;
}

function realParent(parent: string): string {
  try {
    return realpathSync(parent);
  } catch (err) {
    throw refuse(`the scratch location ${parent} (TMPDIR) cannot be used: ${(err as Error).message}`);
  }
}

export function createWorkspace(folder: string, parent: string): Workspace {
  const problem = scratchParentProblem(folder, realParent(parent));
  if (problem) throw refuse(problem);
  const root = mkdtempSync(join(parent, "gen-infra-verify-"));
  trackScratch(root);
  // A link planted between the check and mkdtemp would show here.
  const again = scratchParentProblem(folder, realpathSync(root));
  if (again) {
    removeScratch(root);
    throw refuse(again);
  }
  const harness = join(root, ".harness");
  const workspace = {
    root,
    stack: join(root, "stack"),
    harness,
    home: join(harness, "home"),
    tmp: join(harness, "tmp"),
  };
  for (const dir of [workspace.stack, workspace.home, workspace.tmp]) mkdirSync(dir, { recursive: true });
  return workspace;
}

/** Copies files read from the folder into the stack, keeping their permission bits. */
export function copyIntoStack(workspace: Workspace, files: readonly FolderFile[]): void {
  for (const file of files) {
    const target = join(workspace.stack, file.rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.bytes, { mode: file.mode, flag: "wx" });
  }
}

/** An empty file where the configuration expects the guest image, which is never copied. Nothing reads it. */
export function writePlaceholder(workspace: Workspace, rel: string): void {
  const target = join(workspace.stack, rel);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, "", { flag: "wx" });
  } catch {
    // Something verify copied already sits on the way or there; it stays as it is.
  }
}

export function removeWorkspace(workspace: Workspace): void {
  removeScratch(workspace.root);
}

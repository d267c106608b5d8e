// Stage 6: put rendered files on disk. Everything is rendered before the first write; each file is written to a
// temporary name beside it and renamed into place, so a failure never leaves a half-written file. The folder is
// where users run Terraform, so files gen-infra did not write, or that were edited since, are left alone unless
// forced; state, .terraform/, the lock file and the image are never touched.
// Synchronous calls on purpose: a few dozen small files, and the thread-pool round trips of the promise API cost a
// cold run more than the I/O itself.
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { manifestName, parseManifest, planWrites, withManifest, type WritePlan } from "./manifest";

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export type WriteResult =
  { ok: true; written: string[]; removed: string[] } | { ok: false; refused: WritePlan["refused"] };

export function writeOutput(dir: string, files: ReadonlyMap<string, string>, force: boolean): WriteResult {
  const previous = parseManifest(readIfPresent(path.join(dir, manifestName)));
  const names = new Set([...files.keys(), ...Object.keys(previous.files)]);
  const current = new Map<string, string>();
  for (const name of names) {
    const content = readIfPresent(path.join(dir, name));
    if (content !== undefined) current.set(name, content);
  }
  const plan = planWrites(files, current, previous, force);
  if (plan.refused.length) return { ok: false, refused: plan.refused };

  mkdirSync(dir, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of withManifest(files)) {
      const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, content);
      staged.push([temporary, path.join(dir, name)]);
    }
  } catch (error) {
    for (const [temporary] of staged) unlinkSync(temporary);
    throw error;
  }
  // The manifest is staged last, so it is renamed last: it never vouches for a file not yet in place.
  for (const [temporary, target] of staged) renameSync(temporary, target);
  for (const name of plan.remove) unlinkSync(path.join(dir, name));
  return {
    ok: true,
    written: staged.map(([, target]) => target),
    removed: plan.remove.map((name) => path.join(dir, name)),
  };
}

/** Files whose content on disk differs from what would be written (missing ones included), manifest included. */
export function differingFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  return [...withManifest(files)]
    .filter(([name, content]) => readIfPresent(path.join(dir, name)) !== content)
    .map(([name]) => path.join(dir, name));
}

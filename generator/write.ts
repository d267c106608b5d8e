// Stage 6: put rendered files on disk. Everything is rendered before the first write; each file is written to a
// temporary name beside it and renamed into place, so a failure never leaves a half-written file. The folder is
// where users run Terraform, so files gen-infra did not write, or that were edited since, are left alone unless
// forced; state, .terraform/, the lock file and the image are never touched.
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { manifestName, parseManifest, planWrites, withManifest, type WritePlan } from "./manifest";

const readIfPresent = (file: string) => readFile(file, "utf8").catch(() => undefined);

export type WriteResult =
  { ok: true; written: string[]; removed: string[] } | { ok: false; refused: WritePlan["refused"] };

export async function writeOutput(
  dir: string,
  files: ReadonlyMap<string, string>,
  force: boolean,
): Promise<WriteResult> {
  const previous = parseManifest(await readIfPresent(path.join(dir, manifestName)));
  const names = new Set([...files.keys(), ...Object.keys(previous.files)]);
  const current = new Map<string, string>();
  for (const name of names) {
    const content = await readIfPresent(path.join(dir, name));
    if (content !== undefined) current.set(name, content);
  }
  const plan = planWrites(files, current, previous, force);
  if (plan.refused.length) return { ok: false, refused: plan.refused };

  await mkdir(dir, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of withManifest(files)) {
      const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(temporary, content);
      staged.push([temporary, path.join(dir, name)]);
    }
  } catch (error) {
    await Promise.all(staged.map(([temporary]) => unlink(temporary).catch(() => undefined)));
    throw error;
  }
  // The manifest is staged last, so it is renamed last: it never vouches for a file not yet in place.
  for (const [temporary, target] of staged) await rename(temporary, target);
  for (const name of plan.remove) await unlink(path.join(dir, name));
  return {
    ok: true,
    written: staged.map(([, target]) => target),
    removed: plan.remove.map((name) => path.join(dir, name)),
  };
}

/** Files whose content on disk differs from what would be written (missing ones included), manifest included. */
export async function differingFiles(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const differing: string[] = [];
  for (const [name, content] of withManifest(files)) {
    if ((await readIfPresent(path.join(dir, name))) !== content) differing.push(path.join(dir, name));
  }
  return differing;
}

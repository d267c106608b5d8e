// Stage 6: put rendered files on disk. Everything is rendered before the first write; each file is written to a
// temporary name beside it and renamed into place, so a failure never leaves a half-written file. Files gen-infra
// does not produce (state, .terraform/, the lock file, the RHEL image) are never touched.
import { mkdir, readFile, rename, writeFile, unlink } from "node:fs/promises";
import path from "node:path";

export async function writeFiles(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of files) {
      const target = path.join(dir, name);
      const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(temporary, content);
      staged.push([temporary, target]);
    }
  } catch (error) {
    await Promise.all(staged.map(([temporary]) => unlink(temporary).catch(() => undefined)));
    throw error;
  }
  for (const [temporary, target] of staged) await rename(temporary, target);
  return staged.map(([, target]) => target);
}

/** Names of the files whose content on disk differs from what would be written (missing files included). */
export async function differingFiles(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const differing: string[] = [];
  for (const [name, content] of files) {
    const current = await readFile(path.join(dir, name), "utf8").catch(() => undefined);
    if (current !== content) differing.push(path.join(dir, name));
  }
  return differing;
}

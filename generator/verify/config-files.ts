// The root module's .tf files, read once for the harness's scans.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface ConfigFile {
  name: string;
  text: string;
}

export async function readConfigFiles(dir: string): Promise<ConfigFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".tf")).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), "utf8") })));
}

/**
 * Files the configuration reads from the user's home directory, as written
 * in `pathexpand("~/...")` literals. The harness gives Terraform a scratch
 * HOME and creates them there, so a run never touches the real one.
 */
export function homeFileReferences(files: readonly ConfigFile[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    for (const match of file.text.matchAll(/pathexpand\(\s*"~\/([^"$]+)"\s*\)/g)) {
      if (match[1] && !match[1].split("/").includes("..")) found.add(match[1]);
    }
  }
  return [...found].sort();
}

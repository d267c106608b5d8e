// The state of a folder tree, to assert that a run touched nothing it should not: every entry with its kind, mode
// and, for files, content hash.
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

export type TreeState = Record<string, string>;

/** Every entry under `root`, except the top-level names in `skip`. */
export function treeState(root: string, skip: readonly string[] = []): TreeState {
  const state: TreeState = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const relative = path.relative(root, file);
      if (skip.includes(relative)) continue;
      const stats = lstatSync(file);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) state[relative] = `symlink -> ${readlinkSync(file)}`;
      else if (stats.isDirectory()) {
        state[relative] = `dir ${mode}`;
        walk(file);
      } else if (stats.isFile())
        state[relative] = `file ${mode} ${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
      else state[relative] = `special ${mode}`;
    }
  };
  walk(root);
  return state;
}

/** The entries whose state differs between two snapshots, with both states. */
export function treeChanges(before: TreeState, after: TreeState): Record<string, [string?, string?]> {
  const changes: Record<string, [string?, string?]> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[key] !== after[key]) changes[key] = [before[key], after[key]];
  }
  return changes;
}

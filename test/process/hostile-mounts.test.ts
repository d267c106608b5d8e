// A full disk and a read-only folder, for real: a small tmpfs, mounted in a private mount namespace that vanishes
// with the command, so a failed test leaves no mount behind. Needs root (for unshare and mount); a read-only folder
// cannot be faked with chmod, which root ignores.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bin, fixturesDir } from "../helpers";
import { whenFound } from "../skip";
import { treeChanges, treeState } from "../tree";

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  return spawnSync("unshare", ["--mount", "--propagation", "private", "true"]).status === 0;
})();
const { describe: describeMounted } = whenFound("root with unshare and mount", canMount);

let scratch = "";
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "gen-infra-mounts-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Lays `seed` on a tmpfs of `sizeKiB` at a mount point, runs gen-infra on `spec` into its `out/`, then copies the
 * tmpfs back out (modes kept) for inspection. `readOnly` remounts it read-only before the run.
 */
function runOnTmpfs(seed: string, spec: string, sizeKiB: number, readOnly: boolean) {
  const mount = path.join(scratch, "mount");
  const result = path.join(scratch, "result");
  mkdirSync(mount);
  mkdirSync(result);
  const script = [
    'mount -t tmpfs -o "size=$1k" tmpfs "$2"',
    'cp -a "$3/." "$2/"',
    readOnly ? 'mount -o remount,ro "$2"' : "true",
    'node "$4" "$5" -o "$2/out" > "$6/stdout" 2> "$6/stderr"; echo $? > "$6/status"',
    'cp -a "$2/." "$7/"',
  ].join(" && ");
  const logs = path.join(scratch, "logs");
  mkdirSync(logs);
  execFileSync("unshare", [
    "--mount",
    "--propagation",
    "private",
    "sh",
    "-c",
    script,
    "sh",
    String(sizeKiB),
    mount,
    seed,
    bin,
    spec,
    logs,
    result,
  ]);
  const read = (name: string) => readFileSync(path.join(logs, name), "utf8");
  return { status: Number(read("status")), stderr: read("stderr"), result };
}

/** A parent folder with the user's state and a first generation (the default fixture) in out/. */
function seedFolder(): string {
  const seed = path.join(scratch, "seed");
  mkdirSync(seed);
  cpSync(path.join(fixturesDir, "..", "out", "default"), path.join(seed, "out"), { recursive: true });
  execFileSync("sh", ["-c", `printf '{"version": 4}\\n' > "${seed}/terraform.tfstate"`]);
  return seed;
}

describeMounted("the disk and the folder", () => {
  test("a full disk: exit 1 naming ENOSPC, the old generation intact, no staged file left", () => {
    const seed = seedFolder();
    const before = treeState(seed);
    const run = runOnTmpfs(seed, path.join(fixturesDir, "workers-128.json"), 100, false);
    expect(run.stderr).toMatch(
      /error: writing into .*\/out: .* cannot be written: no space left on the device \(ENOSPC\)/,
    );
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.status).toBe(1);
    expect(treeChanges(before, treeState(run.result))).toEqual({});
  });

  test("a read-only folder: exit 1 naming EROFS, nothing changed", () => {
    const seed = seedFolder();
    const before = treeState(seed);
    const run = runOnTmpfs(seed, path.join(fixturesDir, "workers-128.json"), 4096, true);
    expect(run.stderr).toMatch(/error: writing into .*\/out: .* is on a read-only file system \(EROFS\)/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.status).toBe(1);
    expect(treeChanges(before, treeState(run.result))).toEqual({});
  });

  test("a read-only folder that is already up to date is not an error: nothing needs writing", () => {
    const seed = seedFolder();
    const run = runOnTmpfs(seed, path.join(fixturesDir, "default.json"), 4096, true);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
  });
});

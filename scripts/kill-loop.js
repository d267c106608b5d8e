// Bundles scripts/kill-loop.ts (it shares its checks with the test suite) and runs it; see that file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";

const dir = mkdtempSync(path.join(tmpdir(), "gen-infra-kill-loop-bundle-"));
try {
  const outfile = path.join(dir, "kill-loop.mjs");
  const here = new URL("kill-loop.ts", import.meta.url);
  await build({
    entryPoints: [here.pathname],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "warning",
    define: { "import.meta.url": JSON.stringify(here.href) },
  });
  const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Runs a TypeScript script of the project (scripts/*.ts, which share code with the generator and the tests):
// bundles it with esbuild into a temporary file, runs that with the remaining arguments, and removes it.
// Usage: node scripts/run-ts.js scripts/<name>.ts [args...]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const [script, ...args] = process.argv.slice(2);

/**
 * Each module's `import.meta.url` is its own source file's, as it would be unbundled: modules find files relative
 * to themselves (generator/syntax/templates.ts finds templates/, a script the repository's root), and one URL for
 * the whole bundle would send all but one of them to the wrong folder.
 */
const ownImportMetaUrl = {
  name: "own-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.split(path.sep).includes("node_modules")) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return {
        contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", url),
        loader: args.path.endsWith("ts") ? "ts" : "js",
      };
    });
  },
};

// Inside node_modules, so that the bundle's imports of packages resolve as the sources' do.
const dir = mkdtempSync(path.join(fileURLToPath(new URL("../node_modules/", import.meta.url)), ".gen-infra-script-"));
try {
  const outfile = path.join(dir, `${path.basename(script, ".ts")}.mjs`);
  await build({
    entryPoints: [script],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "warning",
    plugins: [ownImportMetaUrl],
    // Packages stay in node_modules: some (yargs, the WASM parser) find their own files at run time.
    packages: "external",
  });
  const result = spawnSync(process.execPath, [outfile, ...args], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

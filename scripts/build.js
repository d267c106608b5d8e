// Bundles what the installed command runs, so a cold start reads one file instead of hundreds of modules, then
// records V8's code cache for it from one representative run (see bin/gen-infra.cjs).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";

const common = { bundle: true, minify: true, platform: "node", target: "node20", logLevel: "warning", legalComments: "none" };

await build({
  ...common,
  entryPoints: ["generator/cli.ts"],
  outfile: "dist/gen-infra.cjs",
  format: "cjs",
  // A script run through node:vm cannot import(); lazy loads become require(), which loads ES modules too.
  supported: { "dynamic-import": false },
  // The sources are ES modules that find their templates through import.meta.url.
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__importMetaUrl" },
  // The WASM HCL parser and the Terraform harness load lazily, only when a .vars spec is read or output is verified.
  external: ["@cdktf/hcl2json", "@grpc/grpc-js", "@grpc/proto-loader", "@msgpack/msgpack", "execa"],
});

// The stand-in libvirt provider that `gen-infra verify` and the tests install for Terraform (see its README).
await build({
  ...common,
  entryPoints: ["libvirt-provider-standin/src/main.ts"],
  outfile: "dist/libvirt-provider-standin.cjs",
  format: "cjs",
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__importMetaUrl" },
});

const scratch = mkdtempSync(path.join(tmpdir(), "gen-infra-build-"));
execFileSync(process.execPath, ["bin/gen-infra.cjs", "fixtures/monaco.json", "-o", scratch], {
  env: { ...process.env, GEN_INFRA_WRITE_CODE_CACHE: "1" },
  stdio: "ignore",
});
rmSync(scratch, { recursive: true, force: true });

// Bundles what the installed command runs, so a cold start reads one file instead of hundreds of modules, then
// records V8's code cache for it from one representative run (see bin/gen-infra.cjs).
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";
import { Eta } from "eta";

const common = {
  bundle: true,
  minify: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
  legalComments: "none",
};
// The sources are ES modules that find their files through import.meta.url; the bundles are CommonJS.
const commonJs = {
  format: "cjs",
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__importMetaUrl" },
  // A script run through node:vm cannot import(); lazy loads become require(), which loads ES modules too.
  supported: { "dynamic-import": false },
};

// The templates, compiled to functions now rather than at every run (see generator/syntax/templates.ts, whose
// etaOptions these options must equal; the tests compare the bundle's output with the sources').
const precompiledTemplates = {
  name: "precompiled-templates",
  setup(b) {
    b.onResolve({ filter: /^\.\/templates$/ }, () => ({ path: "templates", namespace: "precompiled-templates" }));
    b.onLoad({ filter: /.*/, namespace: "precompiled-templates" }, () => {
      const etaOptions = { autoEscape: false, autoTrim: false };
      const eta = new Eta(etaOptions);
      const entries = readdirSync("templates", { recursive: true })
        .filter((file) => file.endsWith(".eta"))
        .sort()
        .map((file) => {
          const source = readFileSync(path.join("templates", file), "utf8");
          const name = file.slice(0, -".eta".length).split(path.sep).join("/");
          return `${JSON.stringify(name)}: function (it, options) {\n${eta.compileToString(source)}\n}`;
        });
      const contents = `export const etaOptions = ${JSON.stringify(etaOptions)};\nexport function templates() {\n  return {\n${entries.join(",\n")}\n  };\n}\n`;
      return { contents, loader: "js" };
    });
  },
};

// `gen-infra verify` loads the Terraform harness from a bundle of its own, so a plain run never reads it.
const harnessBundle = "./gen-infra-verify.cjs";
const harnessApart = {
  name: "harness-apart",
  setup(b) {
    b.onResolve({ filter: /\/terraform-harness\/src$/ }, () => ({ path: harnessBundle, external: true }));
  },
};

// The command line through yargs (generator/cli/command-line.ts) is a bundle of its own too: the default command's
// usual form never loads it, and apart it adds nothing to the bytes and the code cache every run reads.
const commandLineBundle = "./gen-infra-command-line.cjs";
const commandLineApart = {
  name: "command-line-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/command-line$/ }, () => ({ path: commandLineBundle, external: true }));
  },
};

await build({
  ...common,
  ...commonJs,
  entryPoints: ["generator/cli/bin.ts"],
  outfile: "dist/gen-infra.cjs",
  plugins: [harnessApart, commandLineApart, precompiledTemplates],
  // Parsers load lazily, only for a spec in their format: the WASM HCL parser for .vars, yaml for .yaml.
  external: ["@cdktf/hcl2json", "yaml"],
});

await build({
  ...common,
  ...commonJs,
  entryPoints: ["generator/cli/command-line.ts"],
  outfile: `dist/${commandLineBundle}`,
});

await build({
  ...common,
  ...commonJs,
  entryPoints: ["terraform-harness/src/index.ts"],
  outfile: `dist/${harnessBundle}`,
  external: ["@cdktf/hcl2json"],
});

// The stand-in libvirt provider that `gen-infra verify` and the tests install for Terraform (see its README):
// the bundle, and the loader that starts it with a code cache (libvirt-provider-standin/start.cjs) at the path
// everything names.
await build({
  ...common,
  ...commonJs,
  entryPoints: ["libvirt-provider-standin/src/main.ts"],
  outfile: "dist/libvirt-provider-standin-main.cjs",
});
copyFileSync("libvirt-provider-standin/start.cjs", "dist/libvirt-provider-standin.cjs");
await recordStandinCodeCache();

/**
 * Starts the stand-in as Terraform would, up to its handshake line, and ends it: the loader writes the code cache
 * of everything a start compiled. Without one (it did not start in time) the stand-in still works, only slower.
 */
function recordStandinCodeCache() {
  const env = {
    ...process.env,
    GEN_INFRA_WRITE_CODE_CACHE: "1",
    // go-plugin's handshake values, which the stand-in requires before it starts (see its README).
    TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
    PLUGIN_PROTOCOL_VERSIONS: "5",
    TF_DISABLE_PLUGIN_TLS: "1",
  };
  const child = spawn(process.execPath, ["dist/libvirt-provider-standin.cjs"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve) => {
    const limit = setTimeout(() => {
      process.stderr.write("build: the stand-in did not start within 30 s; no code cache recorded\n");
      child.kill("SIGKILL");
    }, 30_000);
    child.stdout.on("data", (chunk) => {
      if (chunk.toString().includes("\n")) child.kill("SIGTERM");
    });
    child.on("close", () => {
      clearTimeout(limit);
      resolve();
    });
  });
}

// Every run records the cache of each bundle it loaded: `show` loads both bundles, so the plain run comes last and
// the command's cache holds what that run compiles, not what `show` does.
const scratch = mkdtempSync(path.join(tmpdir(), "gen-infra-build-"));
for (const args of [
  ["show", "fixtures/monaco.json"],
  ["fixtures/monaco.json", "-o", scratch],
]) {
  execFileSync(process.execPath, ["bin/gen-infra.cjs", ...args], {
    env: { ...process.env, GEN_INFRA_WRITE_CODE_CACHE: "1" },
    stdio: "ignore",
  });
}
rmSync(scratch, { recursive: true, force: true });

// Bundles what the installed commands run, so a cold start loads one file instead of hundreds of modules.
import { build } from "esbuild";

const common = { bundle: true, platform: "node", target: "node20", logLevel: "warning", legalComments: "none" };

await build({
  ...common,
  entryPoints: ["generator/cli.ts"],
  outfile: "dist/gen-infra.js",
  format: "esm",
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  // The WASM HCL parser and the Terraform harness load lazily, only when a .vars spec is read or output is verified.
  external: ["@cdktf/hcl2json", "@grpc/grpc-js", "@grpc/proto-loader", "@msgpack/msgpack", "execa"],
});

// The stand-in libvirt provider that lets real Terraform validate, plan and apply generated output offline.
// Everything is bundled so each provider start (Terraform starts it several times per command) loads one file.
// `import.meta.url` is rebound to the bundle's own location, where its .proto and schema files are looked up.
await build({
  ...common,
  entryPoints: ["libvirt-provider-standin/src/main.ts"],
  outfile: "dist/libvirt-provider-standin.cjs",
  format: "cjs",
  define: { "import.meta.url": "__standinBundleUrl" },
  banner: { js: "const __standinBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

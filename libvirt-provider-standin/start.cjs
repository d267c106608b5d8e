// Starts the stand-in's bundle with V8's code cache, made at build time. Terraform starts a provider several
// times per command (schema, validate, plan or apply walk), so a test run starts the stand-in hundreds of times,
// and compiling the bundle was a good part of each start. scripts/build.js copies this file to
// dist/libvirt-provider-standin.cjs, beside the bundle (libvirt-provider-standin-main.cjs) and its cache. A cache
// from another Node version is rejected by V8, and the bundle is then compiled as usual.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

const bundle = path.join(__dirname, "libvirt-provider-standin-main.cjs");
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // No cache (the build could not record one): compile without.
}
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, "utf8")), { filename: bundle, cachedData });
const bundleModule = { exports: {} };
script.runInThisContext()(
  bundleModule.exports,
  Module.createRequire(bundle),
  bundleModule,
  bundle,
  path.dirname(bundle),
);

// The build starts the stand-in once with this set and ends it with SIGTERM after the handshake: the cache then
// holds every function a start compiles. SIGTERM would otherwise end the process without its exit handlers.
if (process.env.GEN_INFRA_WRITE_CODE_CACHE === "1") {
  process.on("exit", () => fs.writeFileSync(cacheFile, script.createCachedData()));
  process.once("SIGTERM", () => process.exit(0));
}

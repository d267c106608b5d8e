#!/usr/bin/env node
// Starts the bundled command with V8's code cache, made at build time, so a cold run skips most of compiling it.
// A cache from another Node version is rejected by V8 and the bundle is simply compiled as usual.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

const bundle = path.join(__dirname, "..", "dist", "gen-infra.cjs");
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // No cache yet (first build): compile without one.
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

// The build runs one representative generation with this set, so the cache holds the functions a run compiles.
if (process.env.GEN_INFRA_WRITE_CODE_CACHE === "1") {
  process.on("exit", () => fs.writeFileSync(cacheFile, script.createCachedData()));
}

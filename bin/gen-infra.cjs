#!/usr/bin/env node
// Starts the bundled command with V8's code cache, made at build time, so a cold run skips most of compiling it.
// A cache from another Node version is rejected by V8 and the bundle is simply compiled as usual.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
// The CommonJS loader's own class, which require("node:module") returns too, but only after loading the ES module
// loader beside it, for nothing here.
const Module = module.constructor;

const dist = path.join(__dirname, "..", "dist");
// The command, and the command line through yargs that it requires only for what its fast path does not read
// (scripts/build.js): each has a cache of its own, so that neither pays for the other's. Whatever else the bundles
// require loads as usual.
const cachedBundles = new Set(["./gen-infra.cjs", "./gen-infra-command-line.cjs"]);
// The build runs representative commands with this set, so each cache holds the functions a run compiles, and
// only those: an older cache is not read, or its functions would be carried into the new one.
const recording = process.env.GEN_INFRA_WRITE_CODE_CACHE === "1";
const loaded = new Map();

function readCache(cacheFile) {
  if (recording) return undefined;
  try {
    return fs.readFileSync(cacheFile);
  } catch {
    // No cache yet (first build): compile without one.
    return undefined;
  }
}

function loadBundle(name) {
  const bundle = path.join(dist, name);
  const cacheFile = `${bundle}.cache`;
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, "utf8")), {
    filename: bundle,
    cachedData: readCache(cacheFile),
  });
  if (recording) process.on("exit", () => fs.writeFileSync(cacheFile, script.createCachedData()));
  const bundleModule = { exports: {} };
  loaded.set(name, bundleModule);
  script.runInThisContext()(bundleModule.exports, bundleRequire, bundleModule, bundle, dist);
  return bundleModule.exports;
}

const plainRequire = Module.createRequire(path.join(dist, "gen-infra.cjs"));
function bundleRequire(id) {
  if (!cachedBundles.has(id)) return plainRequire(id);
  return loaded.get(id)?.exports ?? loadBundle(id);
}

loadBundle("./gen-infra.cjs");

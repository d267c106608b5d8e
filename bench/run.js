// Prints the speed budgets' figures: the compiler in process, and a cold run of the bin against `node -e 0`.
// Usage: npm run bench [-- --runs N]. NODE_EXTRA_CA_CERTS is removed from the children's environment, since it
// adds a fixed cost to every Node start that users without it do not pay.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const spec = "fixtures/workers-128.json";
const budgets = { compilerMedianMs: 5, coldRunRatio: 3 };
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

const within = (value, budget) => (value <= budget ? ", within" : ", OVER");
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function wall(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, stderr: result.stderr };
}

const benchBundle = path.join(mkdtempSync(path.join(tmpdir(), "gen-infra-bench-")), "compiler.mjs");
await build({
  entryPoints: ["bench/compiler.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: benchBundle,
  logLevel: "warning",
  // The templates are found relative to the module that reads them, as from source.
  define: { "import.meta.url": JSON.stringify(new URL("../generator/syntax/templates.ts", import.meta.url).href) },
  // CommonJS packages in an ES module bundle (yaml requires "process"): give them a require of the project's.
  banner: {
    js: `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(import.meta.url)});`,
  },
});
const compiler = JSON.parse(spawnSync(process.execPath, [benchBundle, spec, "500"], { env, encoding: "utf8" }).stdout);

const out = mkdtempSync(path.join(tmpdir(), "gen-infra-bench-out-"));
const coldArgs = (run) => ["bin/gen-infra.cjs", spec, "-o", path.join(out, String(run))];
const loadBefore = loadavg()[0];
// One pair first, not counted, so that neither side of the first measured pair reads its files from disk.
wall(["-e", "0"]);
wall(coldArgs("warm-up"));
const node0 = [];
const cold = [];
// Alternating, so that a change in the machine's load falls on both sides alike. Each run writes a fresh folder:
// every file written and flushed, the most a run does.
for (let i = 0; i < runs; i++) {
  node0.push(wall(["-e", "0"]).ms);
  cold.push(wall(coldArgs(i)).ms);
}
const loadAfter = loadavg()[0];
const rss = (args) =>
  Number(/maxRSS=(\d+)/.exec(wall(["--import", "./bench/rss-on-exit.mjs", ...args]).stderr)[1]) / 1024;

const figures = {
  spec,
  runs,
  compilerMedianMs: +compiler.medianMs.toFixed(3),
  compilerP90Ms: +compiler.p90Ms.toFixed(3),
  nodeEmptyMedianMs: +median(node0).toFixed(1),
  coldRunMedianMs: +median(cold).toFixed(1),
  coldRunRatio: +(median(cold) / median(node0)).toFixed(2),
  loadAverage: [+loadBefore.toFixed(2), +loadAfter.toFixed(2)],
  coldRunMaxRssMiB: +rss(["bin/gen-infra.cjs", spec, "-o", path.join(out, "rss")]).toFixed(1),
  nodeEmptyMaxRssMiB: +rss(["-e", "0"]).toFixed(1),
};
console.log(
  `compiler (validate+model+render, in process, ${spec}): median ${figures.compilerMedianMs} ms, p90 ${figures.compilerP90Ms} ms (budget ${budgets.compilerMedianMs} ms${within(figures.compilerMedianMs, budgets.compilerMedianMs)})`,
);
console.log(
  `cold run of bin/gen-infra.cjs: median ${figures.coldRunMedianMs} ms vs node -e 0 ${figures.nodeEmptyMedianMs} ms = ${figures.coldRunRatio}x (budget ${budgets.coldRunRatio}x${within(figures.coldRunRatio, budgets.coldRunRatio)}), alternating, ${runs} runs each`,
);
console.log(
  `load average (1 minute) before and after the cold runs: ${loadBefore.toFixed(2)}, ${loadAfter.toFixed(2)}`,
);
console.log(`peak RSS: gen-infra ${figures.coldRunMaxRssMiB} MiB, node -e 0 ${figures.nodeEmptyMaxRssMiB} MiB`);
console.log(JSON.stringify(figures));
// Applying for real needs root, /dev/kvm and libvirt, and takes minutes: a script of its own.
console.log("real-libvirt figures (init, apply, second plan, destroy with the real provider): npm run bench:real");
rmSync(out, { recursive: true, force: true });
rmSync(path.dirname(benchBundle), { recursive: true, force: true });

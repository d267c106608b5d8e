// In-process timing of the compiler itself (validate + check + model + render) on one spec, after warm-up.
import { readFileSync } from "node:fs";
import path from "node:path";
import { compile } from "../generator/compile";

const file = process.argv[2]!;
const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
const runs = Number(process.argv[3] ?? 300);

for (let i = 0; i < 50; i++) compile(raw, path.basename(file));
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const { files } = compile(raw, path.basename(file));
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (!files) throw new Error(`${file} did not compile`);
}
times.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    medianMs: times[Math.floor(times.length / 2)],
    p90Ms: times[Math.floor(times.length * 0.9)],
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);

// The kill loop: hundreds of runs, each killed with SIGKILL at a uniformly random instant inside its write phase,
// each followed by a plain run that must bring the folder to the new generation. Prints the figures and exits 1 on
// any broken promise. Usage: npm run kill-loop [-- --runs 500] [--seed N] (scripts/run-ts.js bundles and runs it)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { killOnce, makeLab, measureWritePhase, random, type KillOutcome } from "../test/interrupted-runs";

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const runs = argument("--runs", 500);
const seed = argument("--seed", Date.now() % 2 ** 31);
const root = fileURLToPath(new URL("..", import.meta.url));

const scratch = mkdtempSync(path.join(tmpdir(), "gen-infra-kill-loop-"));
try {
  const lab = makeLab(
    scratch,
    path.join(root, "bin", "gen-infra.cjs"),
    path.join(root, "fixtures", "workers-128.json"),
  );
  const phaseMs = await measureWritePhase(lab, 21);
  console.log(
    `seed ${seed}; write phase ${phaseMs.toFixed(1)} ms (median of 21 runs); ${runs} runs killed at uniform [0, ${phaseMs.toFixed(1)}] ms into it`,
  );
  const next = random(seed);
  const outcomes: KillOutcome[] = [];
  let from: 0 | 1 = 0;
  for (let i = 0; i < runs; i++) {
    const outcome = await killOnce(lab, from, next() * phaseMs);
    outcomes.push(outcome);
    for (const problem of outcome.problems)
      console.log(`run ${i} (kill at ${outcome.delayMs.toFixed(2)} ms): ${problem}`);
    from = (1 - from) as 0 | 1;
  }
  const count = (test: (o: KillOutcome) => boolean) => outcomes.filter(test).length;
  const killed = count((o) => !o.finished);
  console.log(
    [
      `runs: ${runs}`,
      `killed inside the run: ${killed} (finished before the kill landed: ${runs - killed})`,
      `a write had already happened when killed: ${count((o) => !o.finished && o.wrote)} of ${killed}`,
      `killed after the commit point (the next run finished the journal): ${count((o) => !o.finished && o.committed)}`,
      `broken promises: ${count((o) => o.problems.length > 0)}`,
    ].join("\n"),
  );
  process.exitCode = outcomes.some((o) => o.problems.length) ? 1 : 0;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// Runs gen-infra and kills it (SIGKILL) at a random instant inside its write phase, then checks what a kill may
// leave: every file whole (old or new), a manifest that vouches only for files in place, nothing outside the output
// folder changed; and that the next plain run brings the folder to the new generation. Shared by the kill-loop
// script (hundreds of runs, figures printed) and a short loop in the test suite.
import { spawn, spawnSync } from "node:child_process";
import { watch, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { treeChanges, treeState } from "./tree";
export { random } from "./random";

const manifestName = ".gen-infra-manifest.json";
const journalName = ".gen-infra-journal.json";
const isStaged = (name: string) => /^\.gen-infra-[0-9a-f]{32}\.tmp$/.test(name);

type Generation = Map<string, string>;

function readGeneration(dir: string): Generation {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), "utf8")]));
}

export interface Lab {
  /** Holds the user's files beside the output folder: they must never change. */
  readonly parent: string;
  readonly out: string;
  readonly specs: readonly [string, string];
  readonly generations: readonly [Generation, Generation];
  readonly bin: string;
}

/** Two specs of one cluster that differ in every output file (128 and 100 workers), and what each generates. */
export function makeLab(scratch: string, bin: string, workers128Spec: string): Lab {
  const parent = path.join(scratch, "parent");
  mkdirSync(parent, { recursive: true });
  writeFileSync(path.join(parent, "terraform.tfstate"), '{"version": 4, "serial": 7}\n');
  writeFileSync(path.join(parent, "rhel8.qcow2"), "not really an image\n");
  const spec128 = JSON.parse(readFileSync(workers128Spec, "utf8")) as Record<string, unknown>;
  const specs: [string, string] = [path.join(scratch, "a.json"), path.join(scratch, "b.json")];
  writeFileSync(specs[0], JSON.stringify(spec128));
  writeFileSync(specs[1], JSON.stringify({ ...spec128, number_of_workers: 100 }));
  const generations = specs.map((spec, i) => {
    const dir = path.join(scratch, `expected-${i}`);
    const result = spawnSync(process.execPath, [bin, spec, "-o", dir, "-q"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`cannot generate ${spec}: ${result.stderr}`);
    const generation = readGeneration(dir);
    rmSync(dir, { recursive: true });
    return generation;
  }) as [Generation, Generation];
  const out = path.join(parent, "out");
  const first = spawnSync(process.execPath, [bin, specs[0], "-o", out, "-q"], { encoding: "utf8" });
  if (first.status !== 0) throw new Error(`cannot write the first generation: ${first.stderr}`);
  return { parent, out, specs, generations, bin };
}

export interface KillOutcome {
  /** The process finished before the kill landed. */
  readonly finished: boolean;
  /** Something in the folder had changed when the kill landed: a staged file, the journal, or a file. */
  readonly wrote: boolean;
  /** The kill landed after the commit point: the next run had a journal to finish. */
  readonly committed: boolean;
  /** Broken promises, empty when all held. */
  readonly problems: string[];
  readonly delayMs: number;
}

function runUntilKilled(lab: Lab, spec: string, delayMs: number): Promise<{ finished: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [lab.bin, spec, "-o", lab.out, "-q"], { stdio: "ignore" });
    let killed = false;
    // The write phase starts with the first change in the folder; the kill is timed from there.
    const watcher = watch(lab.out, () => {
      if (killed) return;
      killed = true;
      watcher.close();
      const until = performance.now() + delayMs;
      while (performance.now() < until) {
        // A busy wait: timers are too coarse for a phase of a few milliseconds.
      }
      child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => {
      watcher.close();
      resolve({ finished: signal === null && code === 0 });
    });
  });
}

/** Kills one run from generation `from` to the other, after `delayMs` into its write phase, and checks. */
export async function killOnce(lab: Lab, from: 0 | 1, delayMs: number): Promise<KillOutcome> {
  const to = (1 - from) as 0 | 1;
  const old = lab.generations[from];
  const next = lab.generations[to];
  const parentBefore = treeState(lab.parent, ["out"]);
  const { finished } = await runUntilKilled(lab, lab.specs[to], delayMs);
  const problems: string[] = [];
  const left = readGeneration(lab.out);
  const committed = left.has(journalName);
  let wrote = committed;
  for (const [name, content] of left) {
    if (isStaged(name) || name === journalName) {
      wrote = true;
      continue;
    }
    if (content !== old.get(name) && content !== next.get(name)) problems.push(`${name} is neither old nor new`);
    if (content !== old.get(name)) wrote = true;
  }
  for (const name of old.keys()) if (!left.has(name)) problems.push(`${name} is missing`);
  if (left.get(manifestName) === next.get(manifestName)) {
    for (const [name, content] of next)
      if (left.get(name) !== content) problems.push(`the new manifest vouches for ${name}, which is not in place`);
  }
  const rerun = spawnSync(process.execPath, [lab.bin, lab.specs[to], "-o", lab.out, "-q"], { encoding: "utf8" });
  if (rerun.status !== 0) problems.push(`the next plain run failed (${rerun.status}): ${rerun.stderr.trim()}`);
  const after = readGeneration(lab.out);
  if (JSON.stringify([...after].sort()) !== JSON.stringify([...next].sort()))
    problems.push(`after the next run the folder is not the new generation: ${[...after.keys()].join(", ")}`);
  const changes = treeChanges(parentBefore, treeState(lab.parent, ["out"]));
  if (Object.keys(changes).length) problems.push(`outside the output folder: ${JSON.stringify(changes)}`);
  return { finished, wrote, committed, problems, delayMs };
}

/** The write phase's length, from the first change in the folder to the process's exit: the median of a few runs. */
export async function measureWritePhase(lab: Lab, runs: number): Promise<number> {
  const lengths: number[] = [];
  for (let i = 0; i < runs; i++) {
    const spec = lab.specs[(i + 1) % 2]!;
    lengths.push(
      await new Promise<number>((resolve) => {
        let started: number | undefined;
        const watcher = watch(lab.out, () => (started ??= performance.now()));
        const child = spawn(process.execPath, [lab.bin, spec, "-o", lab.out, "-q"], { stdio: "ignore" });
        child.on("exit", () => {
          watcher.close();
          resolve(performance.now() - (started ?? performance.now()));
        });
      }),
    );
  }
  // Leave the folder at generation 0, where every loop starts.
  spawnSync(process.execPath, [lab.bin, lab.specs[0], "-o", lab.out, "-q"]);
  return lengths.sort((a, b) => a - b)[Math.floor(lengths.length / 2)]!;
}

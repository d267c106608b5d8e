// After the last test: the run must leave nothing behind. Anything in its private $TMPDIR (see
// test/global-setup.ts) was made by a test or a tool a test ran, whatever its name, so all of it counts; the shared
// temporary folder is not compared, because other processes on the machine write there at the same time. Every
// process carrying the run's mark must have ended. Either failure fails the run, naming what was left, after
// removing it so that failed runs do not pile up.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { removeStopHandlers } from "./global-setup";
import { suiteEnv, suiteProcesses, type SuiteProcess } from "./global-state";

/** How long processes may take to exit after their test ended: signals and exits are asynchronous. */
const graceMs = 5_000;

const parentOf = (pid: number): number | undefined => {
  try {
    // The command name in field 2 may hold spaces and parentheses; the fields after its last ")" do not.
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
};

/** jest itself, and its workers if they have not exited yet: they carry the mark but are not the tests' doing. */
function jestProcesses(): Set<number> {
  const own = new Set([process.pid]);
  try {
    for (const name of readdirSync("/proc")) {
      const pid = Number(name);
      if (Number.isInteger(pid) && parentOf(pid) === process.pid) {
        const command = readFileSync(`/proc/${pid}/cmdline`, "latin1");
        if (command.includes("jest-worker")) own.add(pid);
      }
    }
  } catch {
    // No /proc: suiteProcesses finds nothing either.
  }
  return own;
}

async function leftProcesses(token: string, own: string): Promise<SuiteProcess[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = suiteProcesses(token, own, jestProcesses());
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(200);
  }
}

export default async function globalTeardown(): Promise<void> {
  // From here the teardown itself cleans up; a signal now ends the run the default way.
  removeStopHandlers();
  const own = process.env[suiteEnv.own];
  const token = process.env[suiteEnv.token];
  if (!own || !token) throw new Error("test/global-setup.ts did not run: the leak check has nothing to compare");
  const original = process.env[suiteEnv.originalTmpdir];
  if (original) process.env["TMPDIR"] = original;
  else delete process.env["TMPDIR"];

  const problems: string[] = [];
  const processes = await leftProcesses(token, own);
  for (const { pid } of processes) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone between the listing and the kill: nothing left to end.
    }
  }
  if (processes.length > 0)
    problems.push(
      `processes still running after the tests (now killed):\n${processes.map((p) => `  ${p.pid} ${p.command}`).join("\n")}`,
    );

  // After the processes: one still running could have been writing here.
  const leftover = readdirSync(own).sort();
  rmSync(own, { recursive: true, force: true });
  if (leftover.length > 0)
    problems.push(`left in $TMPDIR (${own}, now removed):\n${leftover.map((name) => `  ${name}`).join("\n")}`);

  if (problems.length > 0) throw new Error(`the test run left things behind\n${problems.join("\n")}`);
}

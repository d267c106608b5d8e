// Not a test file of the suite (its name does not end in .test.ts): test/process/stopped-run.test.ts runs it in a
// jest of its own, with the suite's global setup and teardown, and stops that jest while this test waits. It leaves
// what a stopped test leaves: a folder in $TMPDIR and a running process with the run's mark. It says where both
// are in the file $GEN_INFRA_STOP_REPORT names, outside that $TMPDIR, then waits to be stopped.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

test("waits to be stopped, holding a folder and a process", async () => {
  const report = process.env["GEN_INFRA_STOP_REPORT"];
  if (!report) throw new Error("GEN_INFRA_STOP_REPORT is not set: run through test/process/stopped-run.test.ts");
  const dir = mkdtempSync(path.join(tmpdir(), "gen-infra-stopped-"));
  writeFileSync(path.join(dir, "work-in-progress"), "a test's scratch file\n");
  const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 600_000)"], { stdio: "ignore" });
  try {
    writeFileSync(report, JSON.stringify({ pid: sleeper.pid, tmp: tmpdir(), dir }));
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  } finally {
    // Reached only when nobody stopped the run: then this is an ordinary test that cleans up after itself.
    sleeper.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

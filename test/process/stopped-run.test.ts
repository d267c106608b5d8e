// A test run stopped by SIGTERM (`timeout`, a cancelled CI job) or SIGINT (Ctrl-C) leaves nothing behind: not its
// private $TMPDIR (`gen-infra-suite-*`) with what the tests wrote there, and no process a test started. A jest of
// its own, with the suite's global setup and teardown and a $TMPDIR of its own, runs test/process/signal-target.ts
// and is stopped while that test holds a folder and a process. And `npm test` hands a signal to jest at all.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { root, scratchPrefix } from "../helpers";
import { suiteEnv } from "../global-state";

const jest = path.join(root, "node_modules", "jest", "bin", "jest.js");

/** The suite's configuration (jest.config.js), but for the one target file. */
const config = {
  rootDir: root,
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } },
    ],
  },
  testMatch: ["<rootDir>/test/process/signal-target.ts"],
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
};

test("npm test execs jest, so a signal npm passes on reaches jest rather than only the shell between them", () => {
  // Without exec, `sh -c "npm run build && node jest.js"` dies of the SIGTERM npm forwards, and jest runs on,
  // orphaned, until it finishes or its output pipe breaks (then without its teardown).
  const scripts = (
    JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts;
  expect(scripts["test"]).toMatch(/&& exec node [^&|;]*node_modules\/jest\/bin\/jest\.js$/);
});

/** Running, and not a zombie (which has ended and only waits for its parent). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return !/^\d+ \(.*\) Z /s.test(stat);
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined, limitMs: number): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${limitMs} ms`);
    await sleep(100);
  }
}

interface Report {
  pid: number;
  tmp: string;
  dir: string;
}

test.each(["SIGTERM", "SIGINT"] as const)(
  "a run stopped by %s removes its $TMPDIR folder and ends its tests' processes",
  async (signal) => {
    const scratch = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}stopped-`));
    const tmp = path.join(scratch, "tmp");
    const report = path.join(scratch, "report.json");
    mkdirSync(tmp);
    // The child's own marks, not this run's: its setup makes them.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !(Object.values(suiteEnv) as string[]).includes(key)),
    );
    const child = spawn(
      process.execPath,
      [
        "--experimental-vm-modules",
        "--no-warnings=ExperimentalWarning",
        jest,
        "--config",
        JSON.stringify(config),
        "--cacheDirectory",
        path.join(scratch, "jest-cache"),
      ],
      { env: { ...env, TMPDIR: tmp, GEN_INFRA_STOP_REPORT: report }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on("exit", (code, ended) => resolve(ended ?? code)),
    );
    let sleeper: number | undefined;
    try {
      const held = await until(
        "the target test starting",
        () => (existsSync(report) ? (JSON.parse(readFileSync(report, "utf8")) as Report) : undefined),
        60_000,
      );
      sleeper = held.pid;
      // What a stopped run must clean up is there: the suite's folder, a test's folder in it, a running process.
      expect(path.basename(held.tmp)).toMatch(/^gen-infra-suite-/);
      expect(readdirSync(tmp)).toEqual([path.basename(held.tmp)]);
      expect(existsSync(path.join(held.dir, "work-in-progress"))).toBe(true);
      expect(alive(held.pid)).toBe(true);

      child.kill(signal);
      expect({ ended: await exited, output: output.includes("Tests:") ? output : "" }).toEqual({
        ended: signal,
        output: "",
      });
      expect(readdirSync(tmp)).toEqual([]);
      await until("the test's process ending", () => (alive(held.pid) ? undefined : true), 5_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (sleeper !== undefined && alive(sleeper)) process.kill(sleeper, "SIGKILL");
      await exited;
      rmSync(scratch, { recursive: true, force: true });
    }
  },
  120_000,
);

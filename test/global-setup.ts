// Before any test file loads: give the run a private $TMPDIR and a mark on its processes, so that
// test/global-teardown.ts can tell what the run left behind from what the rest of the machine made meanwhile.
// A run stopped by SIGTERM (`timeout`, a CI cancel) or SIGINT (Ctrl-C) never reaches the teardown: then the
// handlers below end the run's processes and remove its $TMPDIR, and the run ends by the same signal.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { scratchPrefix, suiteEnv, suiteProcesses } from "./global-state";

const stopSignals = ["SIGTERM", "SIGINT"] as const;

/** Ends every process carrying the run's mark, then removes the run's $TMPDIR: what the teardown would find. */
function cleanUpAfterSignal(own: string, token: string): void {
  // Twice: a process that was starting a child while the first pass ran leaves that child for the second.
  for (let pass = 0; pass < 2; pass++) {
    for (const { pid } of suiteProcesses(token, own, new Set([process.pid]))) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone between the listing and the kill.
      }
    }
  }
  rmSync(own, { recursive: true, force: true });
}

function onStopSignal(signal: NodeJS.Signals): void {
  const own = process.env[suiteEnv.own];
  const token = process.env[suiteEnv.token];
  if (own && token) cleanUpAfterSignal(own, token);
  removeStopHandlers();
  // The default action now: the run ends as killed by the signal (exit status 128 + its number), as it would have.
  process.kill(process.pid, signal);
}

// Jest may load this module again for the teardown; the handler installed is found through the process itself.
const installed = Symbol.for("gen-infra.suite.stop-handler");

export function removeStopHandlers(): void {
  const handler: unknown = Reflect.get(process, installed);
  if (typeof handler !== "function") return;
  for (const signal of stopSignals) process.off(signal, handler as (signal: NodeJS.Signals) => void);
  Reflect.deleteProperty(process, installed);
}

export default function globalSetup(): void {
  const own = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}suite-`));
  // Workers are started after this, and every child inherits the environment: all of them write temporary files
  // into `own`, whatever names they choose, and carry the token that identifies them in /proc.
  process.env[suiteEnv.originalTmpdir] = process.env["TMPDIR"] ?? "";
  process.env[suiteEnv.own] = own;
  process.env[suiteEnv.token] = randomBytes(16).toString("hex");
  process.env["TMPDIR"] = own;
  removeStopHandlers();
  Reflect.set(process, installed, onStopSignal);
  for (const signal of stopSignals) process.on(signal, onStopSignal);
}

// What must go when verify stops, however it stops: the scratch folders and
// every process group it started. Normal returns and errors clean up in the
// harness's `finally`; signals and process.exit come here.
import { rmSync } from "node:fs";
import { constants } from "node:os";
import { killGroupSync, liveGroups } from "./process-group";

const scratchFolders = new Set<string>();

export const trackScratch = (dir: string): void => void scratchFolders.add(dir);

/** Processes first: a live Terraform could write into the folder while it is being removed. */
function cleanUpNow(): void {
  for (const pgid of liveGroups()) killGroupSync(pgid);
  for (const dir of scratchFolders) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    scratchFolders.delete(dir);
  }
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  scratchFolders.delete(dir);
}

const HANDLED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type HandledSignal = (typeof HANDLED_SIGNALS)[number];

/** The shell's convention: 128 plus the signal number. */
const signalExitCode = (signal: HandledSignal): number => 128 + constants.signals[signal];

/**
 * For the `verify` command: on SIGINT, SIGTERM or SIGHUP, kill the process
 * groups, remove the scratch folders, say so and exit 128+n; on any
 * process.exit, clean up as well. Returns a function that removes the handlers.
 */
export function installSignalCleanup(report: (signal: HandledSignal) => void): () => void {
  const handlers = HANDLED_SIGNALS.map((signal) => {
    const handler = () => {
      cleanUpNow();
      report(signal);
      process.exit(signalExitCode(signal));
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  process.on("exit", cleanUpNow);
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off("exit", cleanUpNow);
  };
}

// Child processes in a process group of their own, so that Terraform and the
// provider it starts can be killed together: after each step, on timeout,
// and from a signal handler. Live members are counted from /proc, since a
// zombie still answers kill(pid, 0).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Process group ids started here and not yet seen empty. */
const groups = new Set<number>();

export const liveGroups = (): number[] => [...groups];

/** Pids whose process group is `pgid` and that are not zombies; null when /proc cannot say. */
function liveMembers(pgid: number): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  const live: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") live.push(Number(entry));
  }
  return live;
}

function groupGone(pgid: number): boolean {
  const members = liveMembers(pgid);
  if (members !== null) return members.length === 0;
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // ESRCH: nobody left in the group.
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Kills the group and waits, blocking, until it is empty (for signal handlers, which cannot await). */
export function killGroupSync(pgid: number, waitMs = 3000): boolean {
  const deadline = Date.now() + waitMs;
  for (;;) {
    killGroup(pgid);
    if (groupGone(pgid)) {
      groups.delete(pgid);
      return true;
    }
    if (Date.now() > deadline) return false;
    Atomics.wait(pause, 0, 0, 10);
  }
}

async function killGroupAndWait(pgid: number, waitMs = 3000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    killGroup(pgid);
    if (groupGone(pgid) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  groups.delete(pgid);
}

interface GroupRunResult {
  /** Null when the process was killed by a signal or never started. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the binary could not be started at all. */
  spawnError?: string;
}

interface GroupRunOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
}

/** Output beyond this is a runaway, not a plan; the run is killed. */
const OUTPUT_LIMIT = 256 * 1024 * 1024;

/**
 * Runs `binary` as the leader of a new process group; when it exits, times
 * out or floods its output, the whole group is killed and waited for, so no
 * provider outlives its Terraform.
 */
export function runInGroup(binary: string, args: readonly string[], options: GroupRunOptions): Promise<GroupRunResult> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pgid = child.pid;
    // Registered at once, in the same tick as the spawn, so that a signal handler always knows it.
    if (pgid !== undefined) groups.add(pgid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let spawnError: string | undefined;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > OUTPUT_LIMIT) {
        if (pgid !== undefined) killGroup(pgid);
        return;
      }
      into.push(chunk);
    };
    child.stdout.on("data", collect(out));
    child.stderr.on("data", collect(err));
    const timer = setTimeout(() => {
      timedOut = true;
      if (pgid !== undefined) killGroup(pgid);
    }, options.timeoutMs);
    child.on("error", (error) => {
      spawnError = error.message;
      // Never started: there is no exit or group to wait for.
      if (pgid === undefined) {
        clearTimeout(timer);
        resolve({ exitCode: null, stdout: "", stderr: "", timedOut: false, spawnError });
      }
    });
    // "exit" rather than "close": an orphaned provider could hold the pipes open, and killing it closes them.
    child.on("exit", () => {
      clearTimeout(timer);
      if (pgid !== undefined) void killGroupAndWait(pgid);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const finish = () =>
        resolve({
          exitCode: code,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
          timedOut,
          ...(spawnError !== undefined ? { spawnError } : {}),
        });
      if (pgid === undefined) finish();
      else void killGroupAndWait(pgid).then(finish);
    });
  });
}

// What a domain's firmware prints on its serial console, the proof that it executes: a guest paused at its first
// instruction prints nothing. Every generated domain has a pty console. QEMU drops what the guest writes while no
// one holds the pty open, so the domain is started paused, a reader opens the pty, and only then the guest runs.
import { setTimeout as sleep } from "node:timers/promises";
import type { Sandbox } from "./sandbox";

/**
 * The line OVMF's boot manager prints for each boot option it tries ("BdsDxe: failed to load Boot0001 …",
 * "BdsDxe: loading Boot0002 "EFI Internal Shell" …"). Under emulation the first appears some 10 s after start.
 */
export const OVMF_BOOT_LINE = "BdsDxe: ";

/** How long a reader waits for that line; a paused guest never prints it. */
const READ_LIMIT_S = 120;

/**
 * QEMU's pty backend notices a new reader on a timer of one second; started before then, the guest's first
 * bytes could still be dropped.
 */
const PTY_POLL_MS = 1_500;

export interface ConsoleWatch {
  /** The pty libvirt gave the console. */
  pty: string;
  /**
   * What the console printed, line by line, up to the first line containing the awaited text; or up to the
   * reader's time limit, or the domain's end, when that line never came.
   */
  output: Promise<string>;
}

/** The pty of a running domain's console, from its live XML. */
async function consolePty(sandbox: Sandbox, name: string): Promise<string> {
  const xml = await sandbox.virsh("dumpxml", name);
  const pty = /<console type='pty' tty='(\/dev\/pts\/\d+)'/.exec(xml)?.[1];
  if (pty === undefined) throw new Error(`${name} has no pty console in its live XML`);
  return pty;
}

// $1 the pty, $2 the awaited text, $3 a file made once the pty is open. Lines are printed as read; the reader
// stops at the awaited text, at the end of the pty (the domain stopped) or when `timeout` ends it.
const READER = [
  'exec < "$1"',
  ': > "$3"',
  'while IFS= read -r line; do printf "%s\\n" "$line"; case $line in *"$2"*) exit 0;; esac; done',
].join("\n");

/**
 * Starts a shut-off domain with a reader on its console: `virsh start --paused`, the reader, `virsh resume`. The
 * reader is a process in the sandbox that ends by itself (see READER), so a failing test leaves nothing behind.
 */
export async function startWatchingConsole(sandbox: Sandbox, name: string, until: string): Promise<ConsoleWatch> {
  await sandbox.virsh("start", "--paused", name);
  const pty = await consolePty(sandbox, name);
  const opened = `/run/gen-infra/tmp/console-${name}`;
  await sandbox.run("rm", ["-f", opened]);
  const reading = sandbox.run(
    "timeout",
    [`${READ_LIMIT_S}s`, "sh", "-c", READER, "console-reader", pty, until, opened],
    // 124: timed out; 1: the pty ended (read failed) before the awaited text.
    { okExitCodes: [1, 124], timeoutMs: (READ_LIMIT_S + 30) * 1000 },
  );
  const deadline = Date.now() + 10_000;
  while ((await sandbox.run("test", ["-e", opened], { okExitCodes: [1] })).exitCode !== 0 && Date.now() < deadline)
    await sleep(100);
  await sleep(PTY_POLL_MS);
  await sandbox.run("rm", ["-f", opened]);
  // Resumed in any case: a reader that failed must not leave the guest paused for the next step.
  await sandbox.virsh("resume", name);
  return {
    pty,
    // Never rejects, so that no rejection goes unhandled while the test does other things; a failed reader's
    // error is then the output the assertion shows.
    output: reading.then(
      (result) => result.stdout,
      (error: unknown) => `the console reader failed: ${String(error)}`,
    ),
  };
}

/** The first line of console output containing `text`, without the terminal's escape sequences, or null. */
export function lineWith(output: string, text: string): string | null {
  const clean = (line: string) =>
    line
      .replace(/\u001b\[[0-9;=?]*[A-Za-z]/g, "")
      .replace(/\r/g, "")
      .trim();
  return (
    output
      .split("\n")
      .map(clean)
      .find((line) => line.includes(text)) ?? null
  );
}

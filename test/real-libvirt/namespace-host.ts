// A machine of the test's own made of two namespaces: a network namespace (its links, addresses, FDB, nftables
// and net.* sysctls) and a PID namespace whose first process holds both. Everything started inside through `run`
// or `start` lives in that PID namespace, so when the holder ends, the kernel ends them all and the network
// namespace goes with its links; no name is registered anywhere (`ip netns` would leave one under /run/netns if
// the run died). The holder ends when asked, when its unshare is killed, or when the test process dies and its
// stdin reaches end of file.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { execa } from "execa";

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;

const exitOf = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));

/** A long-running command inside a host, and what it printed so far on stdout and stderr together. */
export interface Daemon {
  readonly output: () => string;
}

export class NamespaceHost {
  private readonly daemons: ChildProcess[] = [];

  private constructor(
    readonly name: string,
    private readonly holder: ChildProcess,
    /** Host PID of the holder, the target of nsenter. */
    private readonly pid: number,
  ) {}

  /**
   * The network namespace as a file, for `ip link ... netns <file>` run in another host: a PID there would be read
   * in that host's PID namespace, where the holder has another number.
   */
  get netns(): string {
    return `/proc/${this.pid}/ns/net`;
  }

  static async start(name: string): Promise<NamespaceHost> {
    const holder = spawn(
      "unshare",
      ["--net", "--pid", "--fork", "--kill-child", "--", "sh", "-c", "ip link set lo up && echo ready && read _"],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let printed = "";
    holder.stdout.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    holder.stderr.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      holder.stdout.on("data", () => {
        if (/^ready$/m.test(printed)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      holder.once("exit", () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    // unshare --fork: the holder's shell is unshare's only child.
    const pid = ready ? Number(readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, "utf8").trim()) : NaN;
    if (!Number.isInteger(pid) || pid <= 0) {
      holder.kill("SIGKILL");
      await exitOf(holder);
      throw new Error(`namespace host ${name} did not start:\n${printed}`);
    }
    return new NamespaceHost(name, holder, pid);
  }

  private nsenter(command: readonly string[]): string[] {
    return ["-t", String(this.pid), "--net", "--pid", "--", ...command];
  }

  /** A command inside the host, to its end: its stdout, or an error with all it printed. */
  async run(...command: string[]): Promise<string> {
    const result = await execa("nsenter", this.nsenter(command), { reject: false, timeout: 60_000, all: true });
    if (result.exitCode !== 0)
      throw new Error(`${command.join(" ")} in ${this.name} exited with ${result.exitCode}:\n${result.all}`);
    return result.stdout;
  }

  /** A command inside the host that runs until the host stops. */
  daemon(...command: string[]): Daemon {
    const child = spawn("nsenter", this.nsenter(command), { stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    child.stdout.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    this.daemons.push(child);
    return { output: () => printed };
  }

  /**
   * Ends the holder, and with it every process inside and the network namespace. nsenter forks into the PID
   * namespace and waits: it ends when its command is killed there.
   */
  async stop(): Promise<void> {
    this.holder.stdin?.end();
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([exitOf(this.holder), timeout])) === "timeout") this.holder.kill("SIGKILL");
    await exitOf(this.holder);
    for (const daemon of this.daemons) daemon.kill("SIGKILL");
    await Promise.all(this.daemons.map(exitOf));
  }
}

/** Waits until `text()` matches `pattern`, polling; fails with the text after `timeoutMs`. */
export async function waitFor(what: string, text: () => string, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text())) {
    if (Date.now() > deadline) throw new Error(`${what}: no ${pattern} within ${timeoutMs} ms:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

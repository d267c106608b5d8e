// A libvirt host of the test run's own: libvirtd, virtlogd (and optionally sshd) in fresh PID, network and mount
// namespaces set up by scripts/libvirt-sandbox.sh. Commands run inside them through nsenter, so Terraform, the
// provider and virsh see that libvirt and that loopback-only network, never the host's.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { root } from "./paths";

const SCRIPT = path.join(root, "scripts", "libvirt-sandbox.sh");
const READY_TIMEOUT_MS = 60_000;

export interface SandboxOptions {
  /** authorized_keys file for an sshd on the namespace's 127.0.0.1:22; none when absent. */
  authorizedKeys?: string;
  /** Extra user names sshd accepts (as root, in the sandbox's mount namespace only), e.g. the seed's ec2-user. */
  sshUsers?: readonly string[];
  /**
   * Addresses sshd listens on besides 127.0.0.1:22 (port 22), such as an underlay address the test adds after the
   * start: reachable from another sandbox joined to this one.
   */
  sshListenAlso?: readonly string[];
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /** Exit codes that are not failures (plan -detailed-exitcode uses 2 for "changes"). */
  okExitCodes?: readonly number[];
  /** A hung command fails with what it printed so far, rather than leaving jest's hook timeout to say nothing. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 300_000;

// Every live sandbox, so that an exit or a signal can take them down even when afterAll never runs.
const live = new Set<Sandbox>();
let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const sandbox of live) sandbox.kill();
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      for (const sandbox of live) sandbox.kill();
      process.kill(process.pid, signal);
    });
  }
}

export class Sandbox {
  private stderrText = "";
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    /** Host PID of the namespaces' init, the target of nsenter. */
    readonly initPid: number,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderrText += chunk.toString();
    });
  }

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    installExitHandlers();
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    if (options.authorizedKeys) env["GEN_INFRA_SANDBOX_AUTHORIZED_KEYS"] = options.authorizedKeys;
    if (options.sshUsers) env["GEN_INFRA_SANDBOX_SSH_USERS"] = options.sshUsers.join(" ");
    if (options.sshListenAlso) env["GEN_INFRA_SANDBOX_SSH_LISTEN_ALSO"] = options.sshListenAlso.join(" ");
    // stdin stays a pipe: when this process dies, however it dies, the init script reads EOF and shuts down.
    const child = spawn(
      "unshare",
      ["--net", "--mount", "--pid", "--fork", "--mount-proc", "--kill-child", "--", SCRIPT],
      { stdio: ["pipe", "pipe", "pipe"], env },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the libvirt sandbox did not become ready within ${READY_TIMEOUT_MS} ms:\n${stderr}`));
      }, READY_TIMEOUT_MS);
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/^ready$/m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the libvirt sandbox exited with ${code} before it was ready:\n${stderr}`));
      });
    });
    const unsharePid = child.pid;
    if (unsharePid === undefined) throw new Error("unshare has no pid");
    // unshare --fork: the script is unshare's only child.
    const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim().split(/\s+/);
    const initPid = Number(children[0]);
    if (!Number.isInteger(initPid) || initPid <= 0)
      throw new Error(`cannot find the sandbox's init under ${unsharePid}`);
    const sandbox = new Sandbox(child, initPid);
    sandbox.stderrText = stderr;
    live.add(sandbox);
    return sandbox;
  }

  /**
   * Runs a command inside the namespaces. The shell changes directory after nsenter has entered the mount
   * namespace: a working directory inherited from outside it cannot be resolved by getcwd() inside.
   */
  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const cwd = options.cwd ?? "/";
    const result = await execa(
      "nsenter",
      [
        "-t",
        String(this.initPid),
        "--net",
        "--mount",
        "--pid",
        "--",
        "/bin/sh",
        "-c",
        'cd "$0" && exec "$@"',
        cwd,
        command,
        ...args,
      ],
      {
        env: { ...options.env, PWD: cwd },
        extendEnv: true,
        reject: false,
        stripFinalNewline: false,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
    );
    if (result.timedOut) {
      throw new Error(
        `${command} ${args.join(" ")} did not finish within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms in the libvirt sandbox:\n${result.stdout}\n${result.stderr}`,
      );
    }
    // A command killed by a signal counts as a shell counts it, 128 + the signal's number: nsenter waits for the
    // command and, when a signal ended it, ends itself with the same signal, so `timeout -s KILL` reads as 137.
    const signal = result.signal ? constants.signals[result.signal as keyof typeof constants.signals] : undefined;
    const exitCode = result.exitCode ?? (signal === undefined ? -1 : 128 + signal);
    const ok = [0, ...(options.okExitCodes ?? [])];
    if (!ok.includes(exitCode)) {
      throw new Error(
        `${command} ${args.join(" ")} exited with ${exitCode} in the libvirt sandbox:\n${result.stdout}\n${result.stderr}`,
      );
    }
    return { exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  /** virsh against the sandbox's libvirtd. */
  async virsh(...args: string[]): Promise<string> {
    return (await this.run("virsh", ["-q", "-c", "qemu:///system", ...args])).stdout;
  }

  /** The daemon log, for failure messages. */
  async daemonLog(): Promise<string> {
    const log = await this.run("sh", ["-c", "tail -n 50 /var/log/libvirt/libvirtd.log 2>/dev/null || true"]);
    return `${this.stderrText}${log.stdout}`;
  }

  /** Asks the init script to stop libvirt's domains and networks and exit; kills it when it does not. */
  async stop(): Promise<void> {
    live.delete(this);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin?.end("stop\n");
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 20_000).unref());
      if ((await Promise.race([this.exited, timeout])) === "timeout") this.kill();
    }
    await this.exited;
  }

  /**
   * Synchronous last resort (exit handlers cannot wait): SIGKILL to unshare, which --kill-child passes on to the
   * init; the kernel then kills the whole PID namespace.
   */
  kill(): void {
    live.delete(this);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

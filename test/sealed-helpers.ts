// Helpers for the hostile-folder tests of `gen-infra verify`: a scratch tree
// per test, a fingerprint of every file in it, the processes it left, a
// listener that records whether anything reached it, and network namespaces.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  rmSync,
} from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findTerraform } from "../terraform-harness/src";

const root = fileURLToPath(new URL("..", import.meta.url));
export const bin = path.join(root, "bin", "gen-infra.cjs");
export const generated = path.join(root, "out", "default");

function onPath(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

export const terraformFound = (await findTerraform()) !== null;

/** `ip netns` works here: the tool exists and we may create namespaces (root). */
export const netnsWorks: boolean = (() => {
  if (!onPath("ip") || process.getuid?.() !== 0) return false;
  const probe = `gen-infra-probe-${process.pid}`;
  if (spawnSync("ip", ["netns", "add", probe], { stdio: "ignore" }).status !== 0) return false;
  spawnSync("ip", ["netns", "del", probe], { stdio: "ignore" });
  return true;
})();

export interface Tree {
  /** The test's own scratch tree, removed afterwards whatever happened. */
  root: string;
  /** The folder's parent, where a user keeps the parent stack's state. */
  parent: string;
  /** The folder handed to verify: a copy of out/default. */
  folder: string;
  /** verify's TMPDIR, so its scratch folders are seen (and must be gone). */
  tmp: string;
}

function makeTree(): Tree {
  const base = mkdtempSync(path.join(tmpdir(), "gen-infra-sealed-"));
  const parent = path.join(base, "parent");
  const folder = path.join(parent, "cluster");
  const tmp = path.join(base, "tmp");
  cpSync(generated, folder, { recursive: true });
  mkdirSync(tmp);
  return { root: base, parent, folder, tmp };
}

const BIG = 64 * 1024 * 1024;

/** Content fingerprint; a big (sparse) file is fingerprinted by its size and its first and last MiB. */
function fileHash(file: string, size: number): string {
  const hash = createHash("sha256");
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    const ranges = size > BIG ? [0, size - chunk.length] : null;
    if (ranges) {
      for (const at of ranges) hash.update(chunk.subarray(0, readSync(fd, chunk, 0, chunk.length, at)));
      hash.update(`size ${size}`);
    } else {
      for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/**
 * Every entry under `dir`: type, mode, mtime and content hash (or link
 * target). Directory mtimes show a file made and removed again, such as a
 * lock file. `volatile` lists directories whose own mtime may change.
 */
export function snapshot(dir: string, volatile: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const full = path.join(at, name);
      const rel = path.relative(dir, full);
      const stats = lstatSync(full);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) out[rel] = `link ${mode} -> ${readlinkSync(full)}`;
      else if (stats.isDirectory()) {
        out[rel] = `dir ${mode}${volatile.includes(full) ? "" : ` mtime ${stats.mtimeMs}`}`;
        walk(full);
      } else if (stats.isFile()) out[rel] = `file ${mode} mtime ${stats.mtimeMs} ${fileHash(full, stats.size)}`;
      else out[rel] = `special ${mode} mtime ${stats.mtimeMs}`;
    }
  };
  const top = lstatSync(dir);
  out["."] = `dir ${(top.mode & 0o7777).toString(8)} mtime ${top.mtimeMs}`;
  walk(dir);
  return out;
}

/** Live processes (zombies aside) whose command line, working directory or binary mention `marker`. */
function processesMentioning(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    if (Number(pid) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      const where = [cmdline, readlinkSync(`/proc/${pid}/cwd`), readlinkSync(`/proc/${pid}/exe`)];
      if (where.some((text) => text.includes(marker))) found.push(`${pid}: ${cmdline}`);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Processes still running a moment after the run; polled briefly, since a killed one takes a moment to go. */
export async function leftoverProcesses(marker: string): Promise<string[]> {
  let found = processesMentioning(marker);
  for (let i = 0; i < 50 && found.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = processesMentioning(marker);
  }
  return found;
}

/** Kills what a failed test left, so one failure does not leak into the next test. */
function killMentioning(marker: string): void {
  for (const line of processesMentioning(marker)) {
    try {
      process.kill(Number(line.split(":")[0]), "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

export interface VerifyRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface VerifyOptions {
  /** Added to (or, with undefined, removed from) the environment. */
  env?: Record<string, string | undefined>;
  /** Run inside this network namespace. */
  netns?: string;
  timeoutMs?: number;
  /** Called once the process has started, e.g. to send it a signal. */
  started?: (pid: number) => void;
}

/** `node bin/gen-infra.cjs verify <folder>` with TMPDIR in the tree. */
export function runVerify(tree: Tree, folder: string, options: VerifyOptions = {}): Promise<VerifyRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, TMPDIR: tree.tmp, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const command = [process.execPath, bin, "verify", folder];
  const [file, ...args] = options.netns ? ["ip", "netns", "exec", options.netns, ...command] : command;
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (child.pid !== undefined) options.started?.(child.pid);
  });
}

export interface Listener {
  url: string;
  port: number;
  /** Requests received, as "METHOD url". */
  requests(): Promise<string[]>;
  close(): Promise<void>;
}

/** An HTTP listener on 127.0.0.1 that records every request (and every bare connection) it gets. */
export async function startListener(): Promise<Listener> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  server.on("connection", () => seen.push("connection"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: async () => [...seen],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const LISTENER_SCRIPT = `
const http = require("node:http");
const fs = require("node:fs");
const log = process.argv[1];
const server = http.createServer((req, res) => { fs.appendFileSync(log, req.method + " " + req.url + "\\n"); res.writeHead(404).end(); });
server.on("connection", () => fs.appendFileSync(log, "connection\\n"));
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
`;

export interface Namespace {
  name: string;
  listener: Listener;
  /** Makes one request to the listener from inside the namespace, to prove it listens. */
  probe(): Promise<boolean>;
  remove(): Promise<void>;
}

/** A network namespace with only loopback (no route out) and a recording listener inside it. */
export async function startNamespace(tree: Tree): Promise<Namespace> {
  const name = `gen-infra-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const ip = (...args: string[]) => {
    const result = spawnSync("ip", args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`ip ${args.join(" ")}: ${result.stderr}`);
  };
  ip("netns", "add", name);
  ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
  const log = path.join(tree.root, `listener-${name}.log`);
  const child = spawn("ip", ["netns", "exec", name, process.execPath, "-e", LISTENER_SCRIPT, log], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once("exit", () => reject(new Error("the namespace listener exited")));
  });
  const requests = async () => {
    try {
      return readFileSync(log, "utf8").split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const listener: Listener = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
  return {
    name,
    listener,
    probe: async () => {
      const fetcher = `fetch(${JSON.stringify(listener.url + "/probe")}).then(() => process.exit(0), () => process.exit(1))`;
      return spawnSync("ip", ["netns", "exec", name, process.execPath, "-e", fetcher]).status === 0;
    },
    remove: async () => {
      await listener.close();
      spawnSync("ip", ["netns", "del", name], { stdio: "ignore" });
    },
  };
}

/** The test's tree and anything still running in it go, pass or fail. */
export async function withTree(body: (tree: Tree) => Promise<void>): Promise<void> {
  const tree = makeTree();
  try {
    await body(tree);
  } finally {
    killMentioning(tree.root);
    rmSync(tree.root, { recursive: true, force: true });
  }
}

// Reads files out of the folder being verified without ever leaving it: no
// symbolic link is followed (not even inside the folder, so that none can be
// swapped to point out of it between check and use), only regular files are
// opened (a FIFO would hang, a device never ends), and no more than a limit
// is read whatever the file's size says.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, type Stats } from "node:fs";
import { join, posix } from "node:path";

/** A file verify will not take from the folder, with the reason in words. */
export class UnsafeFile extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "UnsafeFile";
  }
}

export interface FolderFile {
  /** Path relative to the folder, `/`-separated. */
  rel: string;
  bytes: Buffer;
  /** Permission bits, so key files keep theirs in the scratch copy. */
  mode: number;
}

/** Templates and keys are small; anything larger is not one of them. */
const FILE_LIMIT = 16 * 1024 * 1024;

function kind(stats: Stats): string {
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a regular file";
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** `rel` normalised, or null when it is absolute or climbs out of the folder. */
export function insideFolder(rel: string): string | null {
  if (rel === "" || posix.isAbsolute(rel)) return null;
  const normal = posix.normalize(rel);
  if (normal === "." || normal === ".." || normal.startsWith("../")) return null;
  return normal.replace(/\/+$/, "");
}

/**
 * Checks that every directory on the way to `rel` is a real directory, not a
 * symbolic link. Returns false when one of them does not exist.
 */
export function directoriesOnTheWay(folder: string, rel: string): boolean {
  const segments = rel.split("/").slice(0, -1);
  for (let i = 0; i < segments.length; i++) {
    const sub = segments.slice(0, i + 1).join("/");
    const stats = lstatOrNull(join(folder, sub));
    if (!stats) return false;
    if (!stats.isDirectory()) throw new UnsafeFile(sub, `is ${kind(stats)}; verify only enters real directories`);
  }
  return true;
}

/** Reads to the end, or to one byte past the limit, whatever fstat said the size was. */
function readBounded(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > FILE_LIMIT) return Buffer.concat(chunks, total);
  }
}

/**
 * The file at `rel` inside `folder` (a real path), or null when it does not
 * exist. Throws UnsafeFile for anything verify must not read.
 */
export function readFolderFile(folder: string, rel: string): FolderFile | null {
  if (!directoriesOnTheWay(folder, rel)) return null;
  const path = join(folder, rel);
  const before = lstatOrNull(path);
  if (!before) return null;
  if (!before.isFile()) throw new UnsafeFile(rel, `is ${kind(before)}; verify copies only regular files`);
  if (before.size > FILE_LIMIT) throw new UnsafeFile(rel, `is larger than ${FILE_LIMIT / 1024 / 1024} MiB`);
  // O_NONBLOCK: if a FIFO were swapped in after the check, opening it must not wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.ino !== before.ino || stats.dev !== before.dev) {
      throw new UnsafeFile(rel, "changed while verify was reading it");
    }
    const opened = openedPath(fd);
    if (opened !== null && opened !== path) throw new UnsafeFile(rel, `resolves to ${opened}, outside the folder`);
    const bytes = readBounded(fd);
    if (bytes.length > FILE_LIMIT) throw new UnsafeFile(rel, `is larger than ${FILE_LIMIT / 1024 / 1024} MiB`);
    return { rel, bytes, mode: stats.mode & 0o777 };
  } finally {
    closeSync(fd);
  }
}

/** Where the kernel says an open file is (Linux), to catch a directory swapped for a link mid-walk. */
function openedPath(fd: number): string | null {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

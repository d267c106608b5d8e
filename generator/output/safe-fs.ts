// Reading files without trusting them: only regular files are read, never more than a limit (whatever `stat`
// says: files under /proc report size 0), and opening never blocks (a FIFO with no writer would hang a plain open).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from "node:fs";
import { isSystemError } from "./io-errors";

/** What a path holds, in words that finish "… is ___". */
export function describeKind(stats: Stats): string {
  if (stats.isFile()) return "a regular file";
  if (stats.isDirectory()) return "a directory";
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a regular file";
}

export type ReadResult =
  | { readonly kind: "file"; readonly bytes: Buffer }
  | { readonly kind: "missing" }
  | { readonly kind: "too-large"; readonly limit: number }
  | { readonly kind: "not-regular"; readonly what: string };

export interface ReadOptions {
  /** Most bytes to accept; one more is read to tell "exactly the limit" from "more". */
  readonly limit: number;
  /** A symlink at the path itself is refused rather than followed (for files inside the output folder). */
  readonly noFollow?: boolean;
}

/** Reads a regular file of at most `limit` bytes. Other system errors (EACCES, EIO…) are thrown for the caller. */
export function readRegularFile(file: string, { limit, noFollow = false }: ReadOptions): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    if (!isSystemError(error)) throw error;
    if (error.code === "ENOENT") return { kind: "missing" };
    if (error.code === "ELOOP" && noFollow) return { kind: "not-regular", what: "a symbolic link" };
    if (error.code === "ENXIO") return { kind: "not-regular", what: "a socket or device" };
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: "not-regular", what: describeKind(stats) };
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return length > limit ? { kind: "too-large", limit } : { kind: "file", bytes: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

/** The kind of entry at a path, without following a symlink there; undefined when nothing is there. */
export function entryKind(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if (isSystemError(error) && error.code === "ENOENT") return undefined;
    throw error;
  }
}

// Where the commands print: the process's streams when run as a command, buffers when a test runs them in process.
import { writeSync } from "node:fs";
import { isatty } from "node:tty";

export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly stdout: Stream;
  readonly stderr: Stream;
}

/** What descriptorStream needs of process.stdout or process.stderr. */
export interface ProcessStream {
  write(chunk: string | Uint8Array): unknown;
  readonly columns?: number;
}

/** Writes bytes to fd; returns undefined when all were written, else the bytes left when a write failed. */
export function writeAll(fd: number, bytes: Uint8Array): Uint8Array | undefined {
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    return undefined;
  } catch {
    return bytes.subarray(offset);
  }
}

/**
 * stdout or stderr written straight to its file descriptor, as process.stdout and process.stderr write on Linux
 * (synchronously) but without building them: a stream, and the net module for a pipe, cost a cold run about 5 ms.
 * The first write that fails (a full non-blocking pipe, a closed one) and every later one go to the process's
 * stream, so that such a run ends as it always did.
 */
export function descriptorStream(fd: number, processStream: () => ProcessStream): Stream {
  let failedOver = false;
  return {
    write(text: string) {
      if (failedOver) return processStream().write(text);
      const rest = writeAll(fd, Buffer.from(text));
      if (rest === undefined) return true;
      failedOver = true;
      return processStream().write(rest);
    },
    get isTTY() {
      return isatty(fd);
    },
    get columns() {
      return processStream().columns;
    },
  };
}

// Windows consoles need the stream, which writes through the console's own API.
export const processIo = (): Io =>
  process.platform === "win32"
    ? { stdout: process.stdout, stderr: process.stderr }
    : {
        stdout: descriptorStream(1, () => process.stdout),
        stderr: descriptorStream(2, () => process.stderr),
      };

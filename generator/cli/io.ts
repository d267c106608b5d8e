// Where the commands print: the process's streams when run as a command, buffers when a test runs them in process.
import { fstatSync, writeSync } from "node:fs";

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
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Writes bytes to fd; returns undefined when all were written, else the bytes left when a write failed. */
function writeAll(fd: number, bytes: Uint8Array): Uint8Array | undefined {
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    return undefined;
  } catch {
    return bytes.subarray(offset);
  }
}

/**
 * Whether fd is a terminal, read from its device number without node:tty, which loads the net module (about 4 ms of a
 * cold run): Linux's consoles and serial lines (majors 4 and 5) and pseudo-terminals (136 to 143), the terminals a
 * person reads gen-infra's findings on. A rarer one counts as no terminal, and gets its findings without colour.
 */
function isLinuxTerminal(fd: number): boolean {
  try {
    const device = fstatSync(fd);
    // The major device number names the driver: consoles and serial lines, the tty, pseudo-terminals.
    const driver = (device.rdev >> 8) & 0xfff;
    return device.isCharacterDevice() && (driver === 4 || driver === 5 || (driver >= 136 && driver <= 143));
  } catch {
    return false;
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
      return process.platform === "linux" ? isLinuxTerminal(fd) : Boolean(processStream().isTTY);
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

// The command's stdout and stderr: written to the file descriptor, and to the process's stream once that fails.
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isatty } from "node:tty";
import { descriptorStream, type ProcessStream } from "../../../generator/cli/io";
import { scratchFolders } from "../../helpers";

const scratch = scratchFolders("io");

/** A stand-in for process.stdout that keeps what is written to it. */
function recordingStream(): { written: string[]; get: () => ProcessStream } {
  const written: string[] = [];
  const stream = { write: (chunk: string | Uint8Array) => written.push(Buffer.from(chunk).toString()) };
  return { written, get: () => stream };
}

test("writes every byte to the descriptor, without the process's stream", () => {
  const file = path.join(scratch(), "out.txt");
  const fd = openSync(file, "w");
  const fallback = recordingStream();
  const stream = descriptorStream(fd, fallback.get);
  const text = `wrote 14 files to out/é ✓\n${"x".repeat(200_000)}\n`;
  try {
    stream.write(text);
    stream.write("second\n");
  } finally {
    closeSync(fd);
  }
  expect(readFileSync(file, "utf8")).toBe(`${text}second\n`);
  expect(fallback.written).toEqual([]);
  expect(stream.isTTY).toBe(false);
});

test("once a write fails, it and every later write go to the process's stream", () => {
  const file = path.join(scratch(), "read-only.txt");
  writeFileSync(file, "");
  // Open for reading only: every write fails (EBADF).
  const fd = openSync(file, "r");
  const fallback = recordingStream();
  const stream = descriptorStream(fd, fallback.get);
  try {
    stream.write("first\n");
    stream.write("second\n");
  } finally {
    closeSync(fd);
  }
  expect(fallback.written).toEqual(["first\n", "second\n"]);
  expect(readFileSync(file, "utf8")).toBe("");
});

test("a descriptor is a terminal exactly when node:tty says so, for a file, /dev/null, /dev/zero and a terminal", () => {
  const file = path.join(scratch(), "plain.txt");
  writeFileSync(file, "");
  // /dev/ptmx opens a pseudo-terminal's controlling side, a terminal to isatty(3); it is absent where no devpts is.
  const devices = [file, "/dev/null", "/dev/zero", "/dev/ptmx"].filter((device) => {
    try {
      closeSync(openSync(device, "r+"));
      return true;
    } catch {
      return false;
    }
  });
  expect(devices.length).toBeGreaterThanOrEqual(3);
  for (const device of devices) {
    const fd = openSync(device, "r+");
    try {
      expect({ device, isTTY: descriptorStream(fd, recordingStream().get).isTTY }).toEqual({
        device,
        isTTY: isatty(fd),
      });
    } finally {
      closeSync(fd);
    }
  }
});

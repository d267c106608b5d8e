// The command's stdout and stderr: written to the file descriptor, and to the process's stream once that fails.
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
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

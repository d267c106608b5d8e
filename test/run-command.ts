// Runs the command line as a test needs it: in process, through main() with streams of its own (fast), or, where
// the test is about the process itself (its working directory, --help and --version, which yargs prints on the
// console), the built bin. Both give what execa gives: exit code, stdout and stderr without a final newline.
import { execa } from "execa";
import { main } from "../generator/cli/main";
import type { Stream } from "../generator/cli/io";
import { bin } from "./helpers";

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const buffer = (): Stream & { text: string } => {
  const stream = { text: "", write: (text: string) => (stream.text += text) };
  return stream;
};
const withoutFinalNewline = (text: string) => text.replace(/\n$/, "");

export async function runInProcess(args: string[]): Promise<CommandResult> {
  const stdout = buffer();
  const stderr = buffer();
  const exitCode = await main(args, { stdout, stderr });
  return { exitCode, stdout: withoutFinalNewline(stdout.text), stderr: withoutFinalNewline(stderr.text) };
}

export async function runBin(args: string[], cwd?: string): Promise<CommandResult> {
  const result = await execa("node", [bin, ...args], { reject: false, ...(cwd ? { cwd } : {}) });
  return { exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** In process, unless the test gives a working directory of its own. */
export const runCommand = (args: string[], cwd?: string): Promise<CommandResult> =>
  cwd ? runBin(args, cwd) : runInProcess(args);

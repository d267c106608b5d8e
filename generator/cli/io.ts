// Where the commands print: the process's streams when run as a command, buffers when a test runs them in process.
export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly stdout: Stream;
  readonly stderr: Stream;
}

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr });

// The machine's errors, as findings: a full disk, a read-only folder or a directory where a file should be is the
// user's environment, never a defect, so it is reported like any other mistake (exit 1), naming the file.
import type { Finding } from "../findings";

const explanations: Readonly<Record<string, string>> = {
  ENOENT: "does not exist",
  EACCES: "is not accessible: permission denied",
  EPERM: "is not accessible: operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "has a path through something that is not a directory",
  EROFS: "is on a read-only file system",
  ENAMETOOLONG: "has a name that is too long for the file system",
  ENOSPC: "cannot be written: no space left on the device",
  EDQUOT: "cannot be written: the disk quota is exhausted",
  EFBIG: "cannot be written: the file would be too large",
  EEXIST: "already exists",
  ELOOP: "is a symbolic link, or its path has too many of them",
  EIO: "cannot be read or written: an I/O error on the device",
  EMFILE: "cannot be opened: too many open files",
  ENFILE: "cannot be opened: too many open files on the system",
  EBUSY: "is busy",
  ETXTBSY: "is busy",
  ENXIO: "is a device or socket that cannot be opened as a file",
  ENODEV: "is on a device that does not support this",
  EINVAL: "is not valid for this operation (a special file system such as /proc?)",
  EAGAIN: "is not ready to be read (a FIFO or device?)",
};

export interface SystemError extends Error {
  readonly code: string;
}

/** An error raised by the operating system for a file, as opposed to a defect in gen-infra. */
export const isSystemError = (error: unknown): error is SystemError => {
  // Not `instanceof Error`: errors from another realm (a vm context, a worker) fail that test.
  const code: unknown = typeof error === "object" && error !== null ? (error as Partial<SystemError>).code : undefined;
  return typeof code === "string" && code in explanations;
};

/** What went wrong, in words that follow a file's name. */
export const explanation = (error: SystemError): string => `${explanations[error.code]} (${error.code})`;

/** `<subject> <what went wrong> (<code>)`, e.g. "out/monaco/libvirt.tf cannot be written: no space left on the device". */
export function ioMessage(error: SystemError, subject: string): string {
  return `${subject} ${explanation(error)}`;
}

export function ioFinding(error: SystemError, subject: string, fix?: string): Finding {
  return { severity: "error", path: [], value: undefined, message: ioMessage(error, subject), ...(fix ? { fix } : {}) };
}

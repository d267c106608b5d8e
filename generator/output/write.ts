// Stage 6: put rendered files on disk, in a folder that is also the user's Terraform working directory.
//
// The folder is a boundary: gen-infra creates, replaces and deletes only the names it generates itself (its
// catalogue of output files, its manifest and journal, and its own staged files), directly inside the folder.
// A symlink, directory, FIFO or device at one of those names is refused before anything is written.
//
// A run is one generation. Changed files are staged under random names (created exclusively, never through a
// symlink) and flushed; then a journal naming every move and removal is put in place with one rename: that is the
// commit point. Only then are the staged files renamed over their targets, stale files deleted, the manifest
// written and the journal removed. A run killed before the commit point leaves the old generation and some staged
// files, which the next run deletes; a run killed after it leaves the journal, which the next run finishes first.
// Either way every file is complete, and the manifest only ever vouches for files already in place.
//
// Synchronous calls on purpose: a few dozen small files, and the thread-pool round trips of the promise API cost a
// cold run more than the I/O itself.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import type { Finding } from "../findings";
import { explanation, ioFinding, isSystemError } from "./io-errors";
import {
  journalName,
  manifestFor,
  manifestName,
  parseJournal,
  parseManifest,
  planWrites,
  serializeJournal,
  serializeManifest,
  temporaryPattern,
  ownNamesOf,
  type Hashes,
  type Journal,
  type OwnName,
  type OwnNames,
  type WritePlan,
} from "./manifest";
import { describeKind, entryKind, readRegularFile } from "./safe-fs";

/** Generated files are small; anything larger at one of their names is certainly not gen-infra's. */
const maxOutputBytes = 16 * 1024 * 1024;

export interface WriteOptions {
  /** Overwrite files that were edited or not written by gen-infra. */
  readonly force: boolean;
  /** Every name gen-infra may generate in this folder: the only names a manifest or journal can make it touch. */
  readonly ownNames: readonly OwnName[];
}

export type WriteResult =
  | {
      ok: true;
      written: string[];
      unchanged: string[];
      removed: string[];
      /** An earlier, interrupted run was finished first. */
      recovered: boolean;
      /** Warnings about the folder, such as manifest entries that were ignored. */
      findings: Finding[];
    }
  | { ok: false; refused: WritePlan["refused"]; findings: Finding[] };

/** Raised inside this module for a problem worth a finding; never escapes it. */
class Refusal extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message);
  }
}

const refusal = (message: string, fix?: string) =>
  new Refusal({ severity: "error", path: [], value: undefined, message, ...(fix ? { fix } : {}) });

function systemRefusal(error: unknown, subject: string, fix?: string): never {
  if (isSystemError(error)) throw new Refusal(ioFinding(error, subject, fix));
  throw error;
}

/** Creates the folder and any missing parents, one level at a time (a recursive mkdir spins under /proc). */
function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = path.normalize(dir); ; at = path.dirname(at)) {
    let stats;
    try {
      stats = statSync(at);
    } catch (error) {
      // Through a file (ENOTDIR), the walk up finds that file and names it.
      const absent = isSystemError(error) && (error.code === "ENOENT" || error.code === "ENOTDIR");
      if (absent && path.dirname(at) !== at) {
        missing.unshift(at);
        continue;
      }
      systemRefusal(error, at);
    }
    if (!stats.isDirectory()) throw refusal(`${at} is ${describeKind(stats)}, not a folder`);
    break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      if (!isSystemError(error)) throw error;
      throw refusal(
        `cannot create the folder ${level}: the file system says it ${explanation(error)}`,
        "choose an output folder on an ordinary, writable file system",
      );
    }
  }
}

/** Content of one of gen-infra's names in the folder, or undefined; refuses anything but a regular file. */
function readOwn(dir: string, name: string): string | undefined {
  const file = path.join(dir, name);
  let result;
  try {
    result = readRegularFile(file, { limit: maxOutputBytes, noFollow: true });
  } catch (error) {
    systemRefusal(error, file);
  }
  if (result.kind === "missing") return undefined;
  if (result.kind === "not-regular")
    throw refusal(
      `${file} is ${result.what}; gen-infra writes only regular files and will not replace it`,
      "move it out of the output folder",
    );
  // Too large to be gen-infra's: foreign content, never equal to what it generates.
  return result.kind === "file" ? result.bytes.toString("utf8") : "\u0000(larger than any generated file)";
}

const exclusiveFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

const temporaryName = () => `.gen-infra-${randomBytes(16).toString("hex")}.tmp`;

/**
 * Writes each of `contents` under a fresh staged name in `dir`, returning the names in order, every file flushed before
 * it returns: after a crash the journal never points at a file that is not whole. All are written before any is
 * flushed, so the disk takes them together rather than one by one.
 */
function stageAll(dir: string, contents: readonly string[], staged: string[]): string[] {
  const names = contents.map(temporaryName);
  const descriptors: number[] = [];
  try {
    names.forEach((name, i) => {
      staged.push(name);
      // O_EXCL: never reuse or follow whatever is at the name; O_NOFOLLOW for good measure.
      const fd = openSync(path.join(dir, name), exclusiveFlags, 0o666);
      descriptors.push(fd);
      const bytes = Buffer.from(contents[i]!, "utf8");
      for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
    });
    for (const fd of descriptors) fsyncSync(fd);
  } finally {
    for (const fd of descriptors) closeSync(fd);
  }
  return names;
}

/** Writes `content` under a fresh staged name in `dir`, returning that name. */
const stage = (dir: string, content: string, staged: string[]): string => stageAll(dir, [content], staged)[0]!;

function syncDirectory(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const unlinkIfPresent = (file: string) => {
  try {
    unlinkSync(file);
  } catch (error) {
    if (!(isSystemError(error) && error.code === "ENOENT")) throw error;
  }
};

/** Puts a committed generation in place. Idempotent: a run interrupted here is finished by the next one. */
function applyJournal(dir: string, journal: Journal): void {
  for (const { temporary, name } of journal.moves) {
    const staged = path.join(dir, temporary);
    // Already moved by an interrupted run: the target holds it.
    if (entryKind(staged)) renameSync(staged, path.join(dir, name));
  }
  for (const name of journal.remove) {
    const content = readOwn(dir, name);
    if (content !== undefined) unlinkIfPresent(path.join(dir, name));
  }
  // The manifest, like everything else, goes through a staged file and a rename, so it is never torn.
  const manifest = stage(dir, serializeManifest({ files: journal.files }), []);
  renameSync(path.join(dir, manifest), path.join(dir, manifestName));
  syncDirectory(dir);
  unlinkSync(path.join(dir, journalName));
}

/** Finishes a generation an interrupted run committed, and deletes files staged by runs that never committed. */
function recover(dir: string, ownNames: OwnNames, findings: Finding[]): boolean {
  const text = readOwn(dir, journalName);
  let recovered = false;
  if (text !== undefined) {
    const journal = parseJournal(text, ownNames);
    if (journal) {
      applyJournal(dir, journal);
      recovered = true;
    } else {
      findings.push({
        severity: "warning",
        path: [],
        value: undefined,
        message: `${path.join(dir, journalName)} is not a journal gen-infra wrote; it was ignored and removed`,
      });
      unlinkSync(path.join(dir, journalName));
    }
  }
  for (const entry of readdirSync(dir)) {
    if (temporaryPattern.test(entry) && !entryKind(path.join(dir, entry))?.isDirectory())
      unlinkSync(path.join(dir, entry));
  }
  return recovered;
}

function currentContents(dir: string, names: Iterable<string>): Map<string, string> {
  const current = new Map<string, string>();
  for (const name of names) {
    const content = readOwn(dir, name);
    if (content !== undefined) current.set(name, content);
  }
  return current;
}

function assertOwnNames(files: ReadonlyMap<string, string>, ownNames: OwnNames): void {
  for (const name of files.keys()) {
    // A defect, not a user mistake: the renderer only produces names from the catalogue.
    if (!ownNames.has(name) || path.basename(name) !== name || name.startsWith("."))
      throw new Error(`refusing to write ${JSON.stringify(name)}: not a generated file name`);
  }
}

function writeGeneration(
  dir: string,
  files: ReadonlyMap<string, string>,
  { force, ownNames: names }: WriteOptions,
): WriteResult {
  const ownNames = ownNamesOf(names);
  assertOwnNames(files, ownNames);
  const findings: Finding[] = [];
  ensureDirectory(dir);
  const recovered = recover(dir, ownNames, findings);

  const manifestText = readOwn(dir, manifestName);
  const previous = parseManifest(manifestText, ownNames);
  for (const name of previous.ignored) {
    findings.push({
      severity: "warning",
      path: [],
      value: undefined,
      message: `${path.join(dir, manifestName)} lists ${JSON.stringify(name).slice(0, 100)}, which is not a file gen-infra writes; the entry was ignored`,
    });
  }
  const current = currentContents(dir, new Set([...files.keys(), ...Object.keys(previous.files)]));
  const plan = planWrites(files, current, previous, force);
  if (plan.refused.length) return { ok: false, refused: plan.refused, findings };

  const newManifest: Hashes = manifestFor(files).files;
  const manifestUpToDate = manifestText === serializeManifest({ files: newManifest });
  const result = (written: readonly string[], removed: readonly string[]): WriteResult => ({
    ok: true,
    written: written.map((name) => path.join(dir, name)),
    unchanged: plan.unchanged.map((name) => path.join(dir, name)),
    removed: removed.map((name) => path.join(dir, name)),
    recovered,
    findings,
  });
  if (plan.write.size === 0 && plan.remove.length === 0 && manifestUpToDate) return result([], []);

  const staged: string[] = [];
  let journal: Journal;
  try {
    const temporaries = stageAll(dir, [...plan.write.values()], staged);
    const moves = [...plan.write.keys()].map((name, i) => ({ temporary: temporaries[i]!, name }));
    journal = { files: newManifest, moves, remove: plan.remove };
    const journalStaged = stage(dir, serializeJournal(journal), staged);
    syncDirectory(dir);
    renameSync(path.join(dir, journalStaged), path.join(dir, journalName));
  } catch (error) {
    // Before the commit point: the old generation is intact; take back what was staged.
    for (const name of staged) unlinkIfPresent(path.join(dir, name));
    unlinkIfPresent(path.join(dir, journalName));
    throw error;
  }
  applyJournal(dir, journal);
  return result([...plan.write.keys(), manifestName], plan.remove);
}

/**
 * Writes one generation of `files` into `dir`. Never throws for the user's environment: a full disk, a read-only
 * folder or a directory in the way come back as findings.
 */
export function writeOutput(dir: string, files: ReadonlyMap<string, string>, options: WriteOptions): WriteResult {
  try {
    return writeGeneration(dir, files, options);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, refused: [], findings: [error.finding] };
    if (isSystemError(error))
      return {
        ok: false,
        refused: [],
        findings: [
          ioFinding(
            error,
            `writing into ${dir}: ${(error as { path?: string }).path ?? "a file"}`,
            "fix the folder and run again: the files are complete, and the next run finishes or undoes this one",
          ),
        ],
      };
    throw error;
  }
}

/** Files whose content on disk differs from what would be written (missing ones included), manifest included. */
export function differingFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  const expected = new Map([...files, [manifestName, serializeManifest(manifestFor(files))]]);
  return [...expected]
    .filter(([name, content]) => {
      try {
        const read = readRegularFile(path.join(dir, name), { limit: maxOutputBytes, noFollow: true });
        return read.kind !== "file" || !read.bytes.equals(Buffer.from(content, "utf8"));
      } catch {
        return true;
      }
    })
    .map(([name]) => path.join(dir, name));
}

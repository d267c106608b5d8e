// What gen-infra wrote into an output folder, with content hashes, so that a later run can tell its own files from
// files a user wrote or edited, and never overwrite or delete those without --force; and the journal that makes a
// run one generation. Pure: no I/O here.
//
// Neither file is trusted: the folder belongs to the user, and anything in it may have been written by anyone.
// An entry counts only when it names a file gen-infra generates (a plain name from its own catalogue, directly in
// the folder); everything else is reported and ignored, so no manifest can point gen-infra at another file.
import { createHash } from "node:crypto";

export const manifestName = ".gen-infra-manifest.json";
/** Present only while a generation is being put in place: its presence means "finish me". */
export const journalName = ".gen-infra-journal.json";
/** Staged files: random names, so nobody can plant something where gen-infra is about to write. */
export const temporaryPattern = /^\.gen-infra-[0-9a-f]{32}\.tmp$/;

const hashPattern = /^sha256:[0-9a-f]{64}$/;

export type Hashes = Readonly<Record<string, string>>;

export interface Manifest {
  /** File name → "sha256:<hex>" of the content gen-infra wrote. */
  readonly files: Hashes;
}

export interface ParsedManifest extends Manifest {
  /** Entries that name no file gen-infra generates, or carry no hash: ignored, and reported. */
  readonly ignored: readonly string[];
}

export const contentHash = (content: string | Uint8Array): string =>
  `sha256:${createHash("sha256").update(content).digest("hex")}`;

export function manifestFor(files: ReadonlyMap<string, string>): Manifest {
  return { files: Object.fromEntries([...files].map(([name, content]) => [name, contentHash(content)])) };
}

export const serializeManifest = (manifest: Manifest): string =>
  `${JSON.stringify({ generator: "gen-infra", files: manifest.files }, null, 2)}\n`;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseObject(text: string): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A name gen-infra writes, or the pattern of a family of them (one file per hypervisor). */
export type OwnName = string | RegExp;

/** The names gen-infra may create, replace or delete in an output folder. */
export interface OwnNames {
  readonly has: (name: string) => boolean;
}

export function ownNamesOf(names: readonly OwnName[]): OwnNames {
  const fixed = new Set(names.filter((name): name is string => typeof name === "string"));
  const patterns = names.filter((name): name is RegExp => typeof name !== "string");
  return { has: (name) => fixed.has(name) || patterns.some((pattern) => pattern.test(name)) };
}

/** Keeps the entries naming one of `ownNames` with a well-formed hash; lists the others. */
function ownEntries(value: unknown, ownNames: OwnNames): { files: Hashes; ignored: string[] } {
  const files: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [name, hash] of Object.entries(isObject(value) ? value : {})) {
    if (ownNames.has(name) && typeof hash === "string" && hashPattern.test(hash)) files[name] = hash;
    else ignored.push(name);
  }
  return { files, ignored };
}

export function parseManifest(text: string | undefined, ownNames: OwnNames): ParsedManifest {
  // An unreadable manifest vouches for nothing: every existing file is then treated as the user's.
  const parsed = text === undefined ? undefined : parseObject(text);
  return ownEntries(parsed?.["files"], ownNames);
}

/** One generation, recorded before any file is renamed into place, so that an interrupted run can finish it. */
export interface Journal {
  /** The manifest of the new generation. */
  readonly files: Hashes;
  /** Staged file → the name it becomes. */
  readonly moves: readonly { readonly temporary: string; readonly name: string }[];
  /** Files of the old generation to delete. */
  readonly remove: readonly string[];
}

export const serializeJournal = (journal: Journal): string =>
  `${JSON.stringify({ generator: "gen-infra", ...journal }, null, 2)}\n`;

/** The journal, if it is one gen-infra wrote and names only gen-infra's own files; undefined otherwise. */
export function parseJournal(text: string, ownNames: OwnNames): Journal | undefined {
  const parsed = parseObject(text);
  if (!parsed || parsed["generator"] !== "gen-infra") return undefined;
  const { files, ignored } = ownEntries(parsed["files"], ownNames);
  const moves = Array.isArray(parsed["moves"]) ? parsed["moves"] : [];
  const remove = Array.isArray(parsed["remove"]) ? parsed["remove"] : [];
  const validMove = (move: unknown): move is { temporary: string; name: string } =>
    isObject(move) &&
    typeof move["temporary"] === "string" &&
    temporaryPattern.test(move["temporary"]) &&
    typeof move["name"] === "string" &&
    move["name"] in files;
  if (ignored.length || !moves.every(validMove)) return undefined;
  if (!remove.every((name): name is string => typeof name === "string" && ownNames.has(name) && !(name in files)))
    return undefined;
  return {
    files,
    moves: moves.map(({ temporary, name }) => ({ temporary, name })),
    remove,
  };
}

export interface WritePlan {
  /** Files whose content on disk differs from what is generated (missing ones included). */
  readonly write: ReadonlyMap<string, string>;
  /** Files already exactly as generated: left untouched. */
  readonly unchanged: readonly string[];
  /** Files gen-infra wrote earlier, no longer generates, and that nobody has changed since. */
  readonly remove: readonly string[];
  /** Files left alone, each with the reason; with --force they are overwritten instead. */
  readonly refused: readonly { file: string; reason: string }[];
}

/**
 * Decides what to write and remove, given what is on disk (`current`: name → content, for the names concerned),
 * the previous manifest, and the files to generate.
 */
export function planWrites(
  files: ReadonlyMap<string, string>,
  current: ReadonlyMap<string, string>,
  previous: Manifest,
  force: boolean,
): WritePlan {
  const refused: { file: string; reason: string }[] = [];
  const isOurs = (name: string) => {
    const content = current.get(name);
    return content === undefined || previous.files[name] === contentHash(content);
  };
  const write = new Map<string, string>();
  const unchanged: string[] = [];
  for (const [name, content] of files) {
    if (current.get(name) === content) {
      unchanged.push(name);
      continue;
    }
    write.set(name, content);
    if (isOurs(name) || force) continue;
    const reason = previous.files[name]
      ? "was edited since gen-infra wrote it"
      : "exists and was not written by gen-infra";
    refused.push({ file: name, reason });
  }
  const stale = Object.keys(previous.files).filter((name) => !files.has(name) && current.has(name));
  return { write, unchanged, remove: stale.filter((name) => isOurs(name)), refused };
}

// What gen-infra wrote into an output folder, with content hashes, so that a later run can tell its own files from
// files a user wrote or edited, and never overwrite or delete those without --force. Pure: no I/O here.
import { createHash } from "node:crypto";

export const manifestName = ".gen-infra-manifest.json";

export interface Manifest {
  /** File name → "sha256:<hex>" of the content gen-infra wrote. */
  readonly files: Readonly<Record<string, string>>;
}

export const contentHash = (content: string): string => `sha256:${createHash("sha256").update(content).digest("hex")}`;

export function manifestFor(files: ReadonlyMap<string, string>): Manifest {
  return { files: Object.fromEntries([...files].map(([name, content]) => [name, contentHash(content)])) };
}

export const serializeManifest = (manifest: Manifest): string =>
  `${JSON.stringify({ generator: "gen-infra", files: manifest.files }, null, 2)}\n`;

/** The generated files plus the manifest that vouches for them: everything gen-infra puts in the folder. */
export const withManifest = (files: ReadonlyMap<string, string>): Map<string, string> =>
  new Map([...files, [manifestName, serializeManifest(manifestFor(files))]]);

export function parseManifest(text: string | undefined): Manifest {
  if (text === undefined) return { files: {} };
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    const files = parsed.files && typeof parsed.files === "object" ? (parsed.files as Record<string, unknown>) : {};
    return {
      files: Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => typeof e[1] === "string")),
    };
  } catch {
    // An unreadable manifest vouches for nothing: every existing file is then treated as the user's.
    return { files: {} };
  }
}

export interface WritePlan {
  readonly write: ReadonlyMap<string, string>;
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
  for (const name of files.keys()) {
    if (isOurs(name) || force) continue;
    const reason = previous.files[name]
      ? "was edited since gen-infra wrote it"
      : "exists and was not written by gen-infra";
    refused.push({ file: name, reason });
  }
  const stale = Object.keys(previous.files).filter((name) => !files.has(name) && current.has(name));
  return {
    write: files,
    remove: stale.filter((name) => isOurs(name)),
    refused,
  };
}

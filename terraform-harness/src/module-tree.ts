// The configuration verify will hand to Terraform: the root module's .tf
// files and those of local modules inside the folder, read safely and
// parsed once, with the reasons for refusing any of it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isJson } from "./hcl-json";
import { hclParser, type Parse } from "./hcl-parser";
import {
  ignoredByTerraform,
  isOverrideFile,
  localModuleDir,
  moduleCalls,
  refusalsIn,
  type ParsedFile,
  type Refusal,
} from "./policy";
import { directoriesOnTheWay, readFolderFile, UnsafeFile, type FolderFile } from "./safe-read";

export interface ModuleDir {
  /** Relative to the folder; "" is the root module. */
  dir: string;
  files: ParsedFile[];
}

interface LoadedConfig {
  modules: ModuleDir[];
  /** Every .tf file, as read, to copy into the scratch folder. */
  sources: FolderFile[];
  refusals: Refusal[];
}

const MAX_MODULES = 64;
const MAX_FILES = 1000;
const utf8 = new TextDecoder("utf-8", { fatal: true });

async function parseFile(parse: Parse, file: FolderFile): Promise<ParsedFile | Refusal> {
  let text: string;
  try {
    text = utf8.decode(file.bytes);
  } catch {
    return { file: file.rel, message: "is not valid UTF-8, which Terraform requires" };
  }
  try {
    const body = await parse(file.rel, text);
    return isJson(body) ? { name: file.rel, body } : { file: file.rel, message: "did not parse as HCL" };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { file: file.rel, message: `does not parse as HCL: ${reason.trim()}` };
  }
}

/** The .tf files Terraform would load from one directory, or the reasons not to. */
function listModule(folder: string, dir: string): { files: FolderFile[]; refusals: Refusal[] } {
  const files: FolderFile[] = [];
  const refusals: Refusal[] = [];
  const names = readdirSync(join(folder, dir)).sort();
  for (const name of names) {
    const rel = dir ? `${dir}/${name}` : name;
    if (ignoredByTerraform(name)) continue;
    if (name.endsWith(".tf.json")) {
      refusals.push({
        file: rel,
        message: "is JSON configuration, which gen-infra never writes and verify does not check",
      });
    } else if (name.endsWith(".tf") && isOverrideFile(name)) {
      refusals.push({
        file: rel,
        message: "is an override file, which gen-infra never writes; it would change blocks in the other files",
      });
    } else if (name.endsWith(".tf")) {
      try {
        const file = readFolderFile(folder, rel);
        if (file) files.push(file);
      } catch (err) {
        if (!(err instanceof UnsafeFile)) throw err;
        refusals.push({ file: err.file, message: err.reason });
      }
    }
  }
  return { files, refusals };
}

/**
 * Reads the root module in `folder` (a real path) and every local module it
 * calls, breadth first. A module outside the folder is a refusal from the policy.
 */
export async function loadConfig(folder: string): Promise<LoadedConfig> {
  const parse = await hclParser();
  const modules: ModuleDir[] = [];
  const sources: FolderFile[] = [];
  const refusals: Refusal[] = [];
  const queue = [""];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const dir = queue.shift() ?? "";
    if (modules.length >= MAX_MODULES || sources.length >= MAX_FILES) {
      refusals.push({ file: dir || ".", message: `more than ${MAX_MODULES} modules or ${MAX_FILES} files` });
      break;
    }
    const listed = listModule(folder, dir);
    refusals.push(...listed.refusals);
    sources.push(...listed.files);
    const files: ParsedFile[] = [];
    for (const parsed of await Promise.all(listed.files.map((file) => parseFile(parse, file)))) {
      if ("body" in parsed) files.push(parsed);
      else refusals.push(parsed);
    }
    for (const file of files) {
      refusals.push(...refusalsIn(file, dir));
      for (const call of moduleCalls(file)) {
        const target = call.source === null ? null : localModuleDir(dir, call.source);
        if (target === null || seen.has(target)) continue;
        seen.add(target);
        try {
          // The directory itself must be real too: a module path through a link could leave the folder.
          if (directoriesOnTheWay(folder, `${target}/.`)) queue.push(target);
        } catch (err) {
          if (!(err instanceof UnsafeFile)) throw err;
          refusals.push({ file: file.name, message: `module "${call.name}": ${err.file} ${err.reason}` });
        }
      }
    }
    modules.push({ dir, files });
  }
  return { modules, sources, refusals };
}

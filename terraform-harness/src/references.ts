// The files a configuration reads through Terraform's file functions, found
// in the expressions' source text: those inside the folder are copied into
// the scratch folder, those under `~/` are made up in a scratch HOME, and
// anything computed (a key named by the parent state) is left to the
// synthesized state. Nothing else from the folder is copied.
import type { ModuleDir } from "./module-tree";
import { nativeString, templateLiteral, type StringPart } from "./hcl-strings";
import { labelled, strings } from "./hcl-json";
import { insideFolder } from "./safe-read";

interface FileReferences {
  /** Paths relative to the folder, to copy when they exist there. */
  folder: string[];
  /** Paths relative to HOME (from `pathexpand("~/...")`), to create as key files. */
  home: string[];
}

const FILE_FUNCTIONS =
  /\b(?:file|templatefile|filebase64|filemd5|filesha1|filesha256|filesha512|filebase64sha256|filebase64sha512|fileexists)\s*\(\s*(pathexpand\s*\(\s*)?(?=")/g;
const PATHEXPAND = /\bpathexpand\s*\(\s*(?=")/g;

/**
 * The folder-relative path a string literal names, where it can be known
 * without evaluating anything: plain text, or text after a leading
 * `${path.module}/` or `${path.root}/`. Terraform resolves other relative
 * paths against the working directory, which is the root module.
 */
function folderPath(parts: readonly StringPart[], moduleDir: string): string | null {
  const [first, second, ...rest] = parts;
  if (!first || rest.length > 0) return null;
  if ("text" in first && second === undefined) {
    return first.text.startsWith("/") || first.text.startsWith("~") ? null : insideFolder(first.text);
  }
  if (!("interpolation" in first) || !second || !("text" in second) || !second.text.startsWith("/")) return null;
  const base = first.interpolation === "path.module" ? moduleDir : first.interpolation === "path.root" ? "" : null;
  if (base === null) return null;
  return insideFolder(base ? `${base}${second.text}` : second.text.slice(1));
}

function homePath(parts: readonly StringPart[]): string | null {
  const [only, ...rest] = parts;
  if (!only || rest.length > 0 || !("text" in only) || !only.text.startsWith("~/")) return null;
  return insideFolder(only.text.slice(2));
}

function literalsAfter(pattern: RegExp, source: string): { parts: StringPart[]; expanded: boolean }[] {
  const found: { parts: StringPart[]; expanded: boolean }[] = [];
  for (const match of source.matchAll(pattern)) {
    const literal = nativeString(source, (match.index ?? 0) + match[0].length);
    if (literal) found.push({ parts: literal.parts, expanded: match[1] !== undefined });
  }
  return found;
}

/** Only expressions carry calls; hcl2json gives them as "${...}" source text. */
const expressionTexts = (module: ModuleDir): string[] =>
  module.files.flatMap((file) => [...strings(file.body)]).filter((text) => text.includes("("));

export function fileReferences(modules: readonly ModuleDir[]): FileReferences {
  const folder = new Set<string>();
  const home = new Set<string>();
  for (const module of modules) {
    for (const text of expressionTexts(module)) {
      for (const { parts, expanded } of literalsAfter(FILE_FUNCTIONS, text)) {
        const inFolder = folderPath(parts, module.dir);
        if (inFolder) folder.add(inFolder);
        else if (expanded) {
          const inHome = homePath(parts);
          if (inHome) home.add(inHome);
        }
      }
      // A key named only in the libvirt URI still has to exist for whoever reads it: make it up too.
      for (const { parts } of literalsAfter(PATHEXPAND, text)) {
        const inHome = homePath(parts);
        if (inHome) home.add(inHome);
      }
    }
  }
  return { folder: [...folder].sort(), home: [...home].sort() };
}

/** The variable holding the guest image's path in gen-infra's output. */
const IMAGE_VARIABLE = "rhel8_image_location";

/**
 * Where, relative to the stack, Terraform would look for the guest image:
 * the -var value or the variable's default, when that is a relative path
 * inside the folder. Null for absolute paths and URLs, which need nothing.
 */
export function imagePath(modules: readonly ModuleDir[], vars: Readonly<Record<string, string>>): string | null {
  const root = modules.find((m) => m.dir === "");
  const declared = (root?.files ?? [])
    .flatMap((file) => labelled(file.body, "variable"))
    .find(({ label }) => label === IMAGE_VARIABLE);
  const fallback =
    declared && typeof declared.body["default"] === "string" ? templateLiteral(declared.body["default"]) : null;
  const value = vars[IMAGE_VARIABLE] ?? fallback;
  if (!value || value.includes("://") || value.startsWith("/") || value.startsWith("~")) return null;
  return insideFolder(value);
}

// Stage 1, continued: the files a spec names that gen-infra reads itself (bmc.ca_file, the first), resolved against
// the spec file's folder and read as the spec is, bounded, regular files only, strict UTF-8, so that the compiler
// gets their text and stays pure. Each CERTIFICATE block must parse as an X.509 certificate (node:crypto, which the
// pure layers do without); what else the text may hold is the bmc-ca-file rule's to say.
import { X509Certificate } from "node:crypto";
import path from "node:path";
import type { Finding } from "../findings";
import { pemBlocks, type SpecFiles } from "../input/ca-bundle";
import { ioMessage, isSystemError } from "../output/io-errors";
import { readRegularFile } from "../output/safe-fs";

/** A CA bundle of a few certificates is a few KiB; a large one, a few hundred. */
export const maxCaFileBytes = 256 * 1024;

const caKey = ["bmc", "ca_file"] as const;

export type ReadFiles = { ok: true; files: SpecFiles } | { ok: false; findings: Finding[] };

const refused = (value: string, message: string, fix: string): ReadFiles => ({
  ok: false,
  findings: [{ severity: "error", path: caKey, value, message, fix }],
});

/** bmc.ca_file as the raw spec gives it, where it is a path; any other value is the schema's to refuse. */
function caFileOf(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const bmc = (raw as Record<string, unknown>)["bmc"];
  if (typeof bmc !== "object" || bmc === null) return undefined;
  const file = (bmc as Record<string, unknown>)["ca_file"];
  return typeof file === "string" && file !== "" ? file : undefined;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export function readSpecFiles(raw: unknown, specFile: string): ReadFiles {
  const given = caFileOf(raw);
  if (given === undefined) return { ok: true, files: {} };
  const file = path.resolve(path.dirname(specFile), given);
  const fix = "give the path of the PEM file with the CA certificate, relative to the spec file";
  let read;
  try {
    read = readRegularFile(file, { limit: maxCaFileBytes });
  } catch (error) {
    if (isSystemError(error)) return refused(given, `cannot be read: ${ioMessage(error, file)}`, fix);
    throw error;
  }
  if (read.kind === "missing") return refused(given, `names ${file}, which does not exist`, fix);
  if (read.kind === "not-regular") return refused(given, `names ${file}, which is ${read.what}`, fix);
  if (read.kind === "too-large")
    return refused(given, `names ${file}, larger than ${maxCaFileBytes} bytes, the most a CA file may be`, fix);
  let text: string;
  try {
    text = decoder.decode(read.bytes);
  } catch {
    return refused(given, `names ${file}, which is not UTF-8 text`, "give a PEM file, which is ASCII");
  }
  const broken = unreadableCertificate(text);
  if (broken !== undefined)
    return refused(
      given,
      `holds a CERTIFICATE block that is no X.509 certificate (${broken})`,
      "give the CA's certificate as openssl writes it (openssl x509 -in <file> -noout -text reads it)",
    );
  return { ok: true, files: { bmcCa: text } };
}

/** Why the first CERTIFICATE block that node:crypto cannot read fails, or undefined. */
function unreadableCertificate(text: string): string | undefined {
  for (const block of pemBlocks(text).filter((b) => b.label === "CERTIFICATE")) {
    try {
      new X509Certificate(block.text);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return undefined;
}

// Throwaway ssh keys for the files a configuration reads with file(): real
// enough in format for cloud-init templates and anything that parses them.
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface SshKeyPair {
  /** OpenSSH one-line public key, newline-terminated. */
  publicLine: string;
  /** PKCS#8 PEM; nothing in a plan reads it, it only has to exist. */
  privatePem: string;
}

/** An ed25519 key pair, the public half in OpenSSH's `ssh-ed25519 <base64> <comment>` form. */
export function sshKeyPair(comment = "gen-infra-verify"): SshKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(String(publicKey.export({ format: "jwk" }).x), "base64url");
  // The OpenSSH wire format: length-prefixed key type, then length-prefixed key bytes.
  const field = (bytes: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]);
  return {
    publicLine: `ssh-ed25519 ${blob.toString("base64")} ${comment}\n`,
    privatePem: String(privateKey.export({ format: "pem", type: "pkcs8" })),
  };
}

/**
 * Writes `file` as a key file: a public key when it ends in `.pub` (plus the
 * private half beside it), otherwise a private key. Synchronous, like all of
 * verify's writes into its scratch folder, so that no write is still in
 * flight when a signal handler removes that folder.
 */
export function writeKeyFilesSync(file: string, keys: SshKeyPair = sshKeyPair()): string[] {
  mkdirSync(dirname(file), { recursive: true });
  if (!file.endsWith(".pub")) {
    writeFileSync(file, keys.privatePem, { mode: 0o600 });
    return [file];
  }
  const privateFile = file.slice(0, -".pub".length);
  writeFileSync(file, keys.publicLine);
  writeFileSync(privateFile, keys.privatePem, { mode: 0o600 });
  return [file, privateFile];
}

/** writeKeyFilesSync for callers outside verify's scratch folder, where nothing races a signal handler. */
export async function writeKeyFiles(file: string, keys: SshKeyPair = sshKeyPair()): Promise<string[]> {
  return writeKeyFilesSync(file, keys);
}

// bmc.ca_file's text as gen-infra takes it: PEM CERTIFICATE blocks and the whitespace between them. The file goes
// into install-config.yaml as it is, so anything else in it (a private key above all, which would then sit in a file
// meant to be copied around) is refused, not dropped. Pure: whether each block parses as an X.509 certificate is
// for the CLI to say as it reads the file (cli/spec-files.ts, with node:crypto).

/** The files a spec names that gen-infra reads itself, by what they are; the CLI reads them. */
export interface SpecFiles {
  /** bmc.ca_file's text. */
  readonly bmcCa?: string;
}

export interface PemBlock {
  readonly label: string;
  /** The block from its BEGIN line to its END line. */
  readonly text: string;
}

const block = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;
const privateKey = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** The PEM blocks of a text, in order. */
export const pemBlocks = (text: string): PemBlock[] =>
  [...text.matchAll(block)].map(([whole, label]) => ({ label: label!, text: whole }));

export interface CaBundleProblem {
  readonly problem: string;
  readonly fix: string;
}

const allowed = "PEM CERTIFICATE blocks only (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)";
const refused = (problem: string, fix = `give a file of ${allowed}`): CaBundleProblem => ({ problem, fix });

/** What keeps the text from being a CA bundle, or undefined. */
export function caBundleProblem(text: string): CaBundleProblem | undefined {
  // Said first, whatever else is wrong with the file: it must never travel on.
  if (privateKey.test(text))
    return refused(
      "holds a PRIVATE KEY block: the file is written into install-config.yaml, which is copied to the provision VM and kept with the lab; only the CA's certificate belongs there",
      "keep the key beside the emulator (sushy-tools needs only its own key) and give a file with the CA certificate alone",
    );
  const blocks = pemBlocks(text);
  const other = blocks.find((b) => b.label !== "CERTIFICATE");
  if (other) return refused(`holds a ${other.label} block, which is no certificate`);
  if (blocks.length === 0) return refused("holds no PEM certificate");
  if (text.replace(block, "").trim() !== "") return refused("holds text outside its PEM blocks");
  return undefined;
}

// The installer's field errors (k8s.io/apimachinery's field.Error): the path of the bad field, and a message that
// starts with the kind of error and shows the bad value as Go renders it. Formatted, the line the installer prints.
// Pure.
import { bitsOf, prefixMask, type IpNetwork } from "../model/ip";

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The line the installer prints for the same error. */
export const formatFieldError = (error: FieldError): string => `${error.path}: ${error.message}`;

/**
 * The installer reports a line once (field.ErrorList.ToAggregate drops a repeated message; the installer-provisioned
 * method's provisioning checks, which repeat one of ValidatePlatform's, run only after it passes).
 */
export function uniqueErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const line = formatFieldError(error);
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
}

/** Go's strconv.Quote, which is how a string bad value is shown. */
export function goQuote(text: string): string {
  const short: Record<string, string> = {
    '"': '\\"',
    "\\": "\\\\",
    "\x07": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
  };
  const escape = (c: string) => {
    const code = c.codePointAt(0)!;
    return short[c] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : c);
  };
  return `"${Array.from(text, escape).join("")}"`;
}

/** Go's %#v of a []string, how a list bad value is shown. */
export const goStringSlice = (values: readonly string[]): string => `[]string{${values.map(goQuote).join(", ")}}`;

export const invalid = (path: string, value: string, detail: string): FieldError => ({
  path,
  message: `Invalid value: ${value}: ${detail}`,
});
export const invalidString = (path: string, value: string, detail: string): FieldError =>
  invalid(path, goQuote(value), detail);
export const required = (path: string, detail: string): FieldError => ({ path, message: `Required value: ${detail}` });
export const duplicate = (path: string, value: string): FieldError => ({
  path,
  message: `Duplicate value: ${goQuote(value)}`,
});
/** A number (a machine pool's replicas) is shown as Go prints it, a string quoted. */
export const notSupported = (path: string, value: string | number, supported: readonly string[]): FieldError => ({
  path,
  message: `Unsupported value: ${typeof value === "number" ? String(value) : goQuote(value)}: supported values: ${supported.map(goQuote).join(", ")}`,
});
export const tooMany = (path: string, count: number, max: number): FieldError => ({
  path,
  message: `Too many: ${count}: must have at most ${max} items`,
});
export const forbidden = (path: string, detail: string): FieldError => ({ path, message: `Forbidden: ${detail}` });

/**
 * A machine pool's replicas, a Go *int64: the field error prints what the pointer points to, with %v. The
 * installer's defaults have set every pool's replicas before it validates, so no nil ("null") is left to print.
 */
export const goReplicas = (replicas: number): string => String(replicas);

/**
 * Go's %#v of the installer's ipnet.IPNet: the host-bits error passes the network itself as the bad value, and it
 * is no fmt.Stringer by value, so the installer prints the raw struct, byte by byte.
 */
export function goIpNetStruct(network: IpNetwork): string {
  const bytes = bitsOf(network.family) / 8;
  const toBytes = (value: bigint) =>
    Array.from({ length: bytes }, (_, i) => `0x${((value >> BigInt(8 * (bytes - 1 - i))) & 0xffn).toString(16)}`);
  const mask = prefixMask(network.family, network.prefix);
  return (
    `ipnet.IPNet{IPNet:net.IPNet{IP:net.IP{${toBytes(network.address).join(", ")}}, ` +
    `Mask:net.IPMask{${toBytes(mask).join(", ")}}}}`
  );
}

/** The installer's words (pkg/validate) for an address that does not parse. */
export const validIpDetail = (text: string) => `${goQuote(text)} is not a valid IP`;

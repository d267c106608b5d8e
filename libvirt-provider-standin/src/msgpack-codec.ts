// Converts between tfplugin5 DynamicValue payloads and CtyValue.
import { decode, encode, ExtData, ExtensionCodec } from "@msgpack/msgpack";
import { type CtyObject, type CtyValue, UNKNOWN } from "./cty";
import type { DynamicValue } from "./protocol";

// cty writes an unknown as extension type 0 with a single zero byte.
const UNKNOWN_PAYLOAD = new Uint8Array([0]);

const codec = new ExtensionCodec();
codec.register({
  type: 0,
  encode: (input: unknown) => (input === UNKNOWN ? UNKNOWN_PAYLOAD : null),
  decode: () => UNKNOWN,
});

/**
 * Maps decoded msgpack data onto CtyValue. Every extension type counts as
 * unknown: newer Terraform sends refined unknowns (type 12) carrying facts
 * such as a string prefix, which the stand-in has no use for.
 */
function toCty(raw: unknown): CtyValue {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN || raw instanceof ExtData || raw instanceof Date) return UNKNOWN;
  if (typeof raw === "boolean" || typeof raw === "number" || typeof raw === "string") return raw;
  if (typeof raw === "bigint") return Number(raw);
  if (Array.isArray(raw)) return raw.map(toCty);
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString("utf8");
  if (typeof raw === "object") {
    const out: CtyObject = {};
    for (const [key, item] of Object.entries(raw)) out[key] = toCty(item);
    return out;
  }
  throw new Error(`cannot represent ${typeof raw} as a cty value`);
}

export function decodeDynamic(value: DynamicValue | null | undefined): CtyValue {
  if (!value) return null;
  if (value.msgpack && value.msgpack.length > 0) return toCty(decode(value.msgpack, { extensionCodec: codec }));
  // Terraform only uses JSON here in odd paths; it cannot carry unknowns.
  if (value.json && value.json.length > 0) return toCty(JSON.parse(value.json.toString("utf8")));
  return null;
}

export function encodeDynamic(value: CtyValue): DynamicValue {
  return { msgpack: Buffer.from(encode(value, { extensionCodec: codec })) };
}

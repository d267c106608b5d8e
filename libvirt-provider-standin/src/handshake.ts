// go-plugin's start-up contract: the magic cookie proves the process was
// launched by Terraform, the protocol list says which versions the client
// speaks, and one line on stdout tells it where to connect.

const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const PROTOCOL_VERSION = 5;
const CORE_PROTOCOL_VERSION = 1;

export type StartupCheck = { ok: true } | { ok: false; message: string };

export function checkStartup(env: NodeJS.ProcessEnv): StartupCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        `Refusing to start: ${MAGIC_COOKIE_KEY} is missing or wrong.\n` +
        "This program is a stand-in for the dmacvicar/libvirt 0.8.3 Terraform provider and only runs when terraform starts it.\n",
    };
  }
  const offered = (env["PLUGIN_PROTOCOL_VERSIONS"] ?? "").split(",").map((v) => v.trim());
  if (!offered.includes(String(PROTOCOL_VERSION))) {
    return {
      ok: false,
      message: `The client offers plugin protocol versions [${offered.join(", ")}]; this provider speaks only ${PROTOCOL_VERSION}.\n`,
    };
  }
  // With AutoMTLS the client only accepts a TLS server; a plain answer would
  // surface as an opaque "plugin did not respond", so say what to do instead.
  if (env["PLUGIN_CLIENT_CERT"] && env["TF_DISABLE_PLUGIN_TLS"] !== "1") {
    return {
      ok: false,
      message: "This stand-in provider serves plain TCP only: run terraform with TF_DISABLE_PLUGIN_TLS=1.\n",
    };
  }
  return { ok: true };
}

export function handshakeLine(port: number): string {
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc\n`;
}

// Entry point of the stand-in for terraform-provider-libvirt 0.8.3.
// Terraform starts it as a go-plugin: check the environment, serve gRPC on
// loopback, announce the address on stdout, and run until told to stop.
import { loadAssets } from "./assets";
import { checkStartup, handshakeLine } from "./handshake";
import { loadProtocol } from "./protocol";
import { createProvider } from "./provider";
import { buildProviderSchema } from "./schema-model";
import { startServer } from "./server";

async function main(): Promise<void> {
  const startup = checkStartup(process.env);
  if (!startup.ok) {
    process.stderr.write(startup.message);
    process.exitCode = 1;
    return;
  }
  // Terraform handles Ctrl-C itself and then calls Stop or Shutdown; a plugin
  // that died on the signal would turn an orderly cancel into RPC errors.
  process.on("SIGINT", () => undefined);

  const assets = loadAssets();
  const schema = buildProviderSchema(assets.schema, assets.sdkRaw);
  const services = loadProtocol(assets.protoFiles);
  const { port } = await startServer(services, createProvider(schema), () => process.exit(0));
  process.stdout.write(handshakeLine(port));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `stand-in provider failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});

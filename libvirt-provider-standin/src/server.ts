// Serves the provider operations and go-plugin's controller over gRPC.
import * as grpc from "@grpc/grpc-js";
import type { Empty, ProtocolServices } from "./protocol";
import type { ProviderOperations } from "./provider";

// Terraform's own client allows messages this large; big cloud-init or
// ignition payloads would otherwise hit grpc-js's 4 MiB default.
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
// Shutdown waits this long for in-flight calls before leaving anyway.
const SHUTDOWN_GRACE_MS = 500;

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * Adapts a plain function to a grpc-js unary handler. A thrown error becomes
 * an INTERNAL status, which Terraform reports together with the RPC name.
 */
function unary<Req, Res>(operation: (request: Req) => Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    try {
      callback(null, operation(call.request));
    } catch (err: unknown) {
      process.stderr.write(`stand-in provider: ${describe(err)}\n`);
      callback({ code: grpc.status.INTERNAL, details: `stand-in provider: ${describe(err)}` });
    }
  };
}

function providerImplementation(ops: ProviderOperations): grpc.UntypedServiceImplementation {
  return {
    GetSchema: unary(() => ops.getSchema()),
    PrepareProviderConfig: unary(ops.prepareProviderConfig),
    ValidateResourceTypeConfig: unary(ops.validateResourceTypeConfig),
    ValidateDataSourceConfig: unary(ops.validateDataSourceConfig),
    UpgradeResourceState: unary(ops.upgradeResourceState),
    Configure: unary(ops.configure),
    ReadResource: unary(ops.readResource),
    PlanResourceChange: unary(ops.planResourceChange),
    ApplyResourceChange: unary(ops.applyResourceChange),
    ImportResourceState: unary(ops.importResourceState),
    ReadDataSource: unary(ops.readDataSource),
    Stop: unary(() => ops.stop()),
  };
}

export interface RunningServer {
  port: number;
}

/**
 * Starts the server on an ephemeral loopback port. `onShutdown` runs after
 * the controller's Shutdown reply has been handed to the transport.
 */
export function startServer(
  services: ProtocolServices,
  ops: ProviderOperations,
  onShutdown: () => void,
): Promise<RunningServer> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  server.addService(services.provider, providerImplementation(ops));
  const shutdown: grpc.handleUnaryCall<Empty, Empty> = (_call, callback) => {
    callback(null, {});
    const force = setTimeout(() => {
      server.forceShutdown();
      onShutdown();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      onShutdown();
    });
  };
  server.addService(services.controller, { Shutdown: shutdown });
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(err);
      else resolve({ port });
    });
  });
}

// bmc.ca_file proved end to end on loopback: the report's openssl commands, run as they are written, make a CA and
// the emulator's certificate; a Node HTTPS server serves that certificate at the host and port of install-config.yaml's
// BMC address; and a client that trusts only the PEM read back from install-config.yaml (bmcVerifyCA) and checks
// the host of the BMC address connects. Another CA, a certificate naming another host, and a connection to another
// host each fail. No traffic leaves 127.0.0.0/8; the folders are deleted after the run.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer, request, type Server } from "node:https";
import { createServer } from "node:net";
import path from "node:path";
import { parse } from "yaml";
import { loadSpec } from "../../../generator/cli/load";
import { compile } from "../../../generator/compile";
import { redfishCaFiles } from "../../../generator/artefacts/redfish-ca-report";
import { fixturesDir, scratchFolders } from "../../helpers";
import { whenFound } from "../../skip";

const have = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const { describe: describeWithOpenssl } = whenFound("openssl", have("openssl"));
const scratch = scratchFolders("redfish-ca");

/** A port free on loopback now: the spec's redfish_port, so that the BMC address names where the server listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The lab's files for a spec of the Redfish emulator at `host`:`port`, with the CA in `caFile`, read by the CLI's loader. */
async function labFor(dir: string, host: string, port: number, caFile: string): Promise<ReadonlyMap<string, string>> {
  const spec = path.join(dir, "lab.json");
  copyFileSync(caFile, path.join(dir, "ca.pem"));
  const raw = {
    architecture: "redfish",
    ocp_version: "4.21.0",
    bmc: { redfish_host: host, redfish_port: port, ca_file: "ca.pem" },
  };
  writeFileSync(spec, JSON.stringify(raw));
  const loaded = await loadSpec(spec);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.findings));
  const { files, findings } = compile(loaded.raw, "lab.json", { files: loaded.files });
  if (!files) throw new Error(JSON.stringify(findings));
  return files;
}

/** The commands of the report's certificate section, as written. */
function reportCommands(readme: string): string[] {
  const section = readme.split("## The Redfish emulator's certificate")[1];
  const block = /```sh\n([\s\S]*?)\n```/.exec(section ?? "")?.[1];
  if (block === undefined) throw new Error("the report has no certificate commands");
  return block.split("\n");
}

function run(commands: readonly string[], cwd: string): void {
  for (const command of commands) {
    const result = spawnSync("sh", ["-c", command], { cwd, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${command}: ${result.stderr}`);
  }
}

async function serve(host: string, port: number, dir: string): Promise<Server> {
  const server = createHttpsServer(
    {
      key: readFileSync(path.join(dir, redfishCaFiles.serverKey)),
      cert: readFileSync(path.join(dir, redfishCaFiles.serverCertificate)),
    },
    (_request, response) => response.end('{"RedfishVersion":"1.0.0"}'),
  );
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}

/** What a client trusting `ca` alone gets from https://host:port/redfish/v1/: the body, or the TLS error's code. */
const fetchWith = (ca: string, host: string, port: number): Promise<string> =>
  new Promise((resolve) => {
    const req = request({ host, port, path: "/redfish/v1/", ca: [ca], agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve(body));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });

describeWithOpenssl("bmc.ca_file on loopback, with the report's own commands", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  let port: number;
  let certificates: string;
  let bmcVerifyCA: string;
  let bmc: URL;

  beforeAll(async () => {
    port = await freePort();
    // The first compile only writes the report: its commands make the CA that the spec then names.
    const first = await labFor(scratch(), "127.0.0.1", port, path.join(fixturesDir, "redfish-ca.pem"));
    certificates = scratch();
    run(reportCommands(first.get("README.md")!), certificates);
    const lab = await labFor(scratch(), "127.0.0.1", port, path.join(certificates, redfishCaFiles.caCertificate));
    const config = parse(lab.get("install-config.yaml")!) as {
      platform: {
        baremetal: {
          bmcVerifyCA: string;
          hosts: { bmc: { address: string; disableCertificateVerification: boolean } }[];
        };
      };
    };
    bmcVerifyCA = config.platform.baremetal.bmcVerifyCA;
    const host = config.platform.baremetal.hosts[0]!.bmc;
    expect(host.disableCertificateVerification).toBe(false);
    bmc = new URL(host.address.replace(/^[^:]+:/, "https:"));
  });

  test("install-config.yaml's bmcVerifyCA is the CA file byte for byte, and its BMC address is loopback", () => {
    expect(bmcVerifyCA).toBe(readFileSync(path.join(certificates, redfishCaFiles.caCertificate), "utf8"));
    expect([bmc.hostname, Number(bmc.port)]).toEqual(["127.0.0.1", port]);
  });

  test("a client trusting only bmcVerifyCA connects to the emulator's certificate at the BMC address", async () => {
    servers.push(await serve(bmc.hostname, port, certificates));
    expect(await fetchWith(bmcVerifyCA, bmc.hostname, port)).toBe('{"RedfishVersion":"1.0.0"}');
  });

  test("a CA that is not the given one fails", async () => {
    servers.push(await serve(bmc.hostname, port, certificates));
    const other = scratch();
    run(
      reportCommands(
        (await labFor(scratch(), "127.0.0.1", port, path.join(fixturesDir, "redfish-ca.pem"))).get("README.md")!,
      ).slice(0, 1),
      other,
    );
    const otherCa = readFileSync(path.join(other, redfishCaFiles.caCertificate), "utf8");
    expect(await fetchWith(otherCa, bmc.hostname, port)).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  test("a certificate signed by the CA for another host fails", async () => {
    // The report's commands for a lab whose emulator is 127.0.0.2, signed by the same CA (its first command, which
    // makes the CA, left out).
    const wrongSan = scratch();
    for (const file of [redfishCaFiles.caKey, redfishCaFiles.caCertificate])
      copyFileSync(path.join(certificates, file), path.join(wrongSan, file));
    const readme = (await labFor(scratch(), "127.0.0.2", port, path.join(fixturesDir, "redfish-ca.pem"))).get(
      "README.md",
    )!;
    run(reportCommands(readme).slice(1), wrongSan);
    servers.push(await serve(bmc.hostname, port, wrongSan));
    expect(await fetchWith(bmcVerifyCA, bmc.hostname, port)).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  test("a connection to another host than the certificate names fails", async () => {
    servers.push(await serve("127.0.0.2", port, certificates));
    expect(await fetchWith(bmcVerifyCA, "127.0.0.2", port)).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });
});

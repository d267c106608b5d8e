// Defaults that are safe, and warnings when a spec opts out of them.
import type { Cluster } from "../model/model";
import { isSshUri, type Connection } from "../input/spec";
import type { Finding, KeyPath } from "../findings";
import type { Rule } from "./rule";

/** Each hypervisor's connection, with where the spec gives it. */
const connections = ({ spec, hypervisors }: Cluster): { connection: Connection; path: KeyPath }[] =>
  hypervisors.map((host, i) => ({
    connection: host.connection,
    path: spec.hypervisors ? ["hypervisors", i, "connection"] : ["connection"],
  }));

export const vncExposureRule: Rule<Cluster> = {
  id: "vnc-exposure",
  notInTerraform: "the listen address is written into the HCL as a literal, which `-var` cannot change",
  summary:
    "VNC consoles listen on 127.0.0.1 unless `vnc_listen_address` says otherwise; any other address is a warning, since the consoles have no password.",
  check: ({ spec }) =>
    spec.vnc_listen_address === "127.0.0.1"
      ? []
      : [
          {
            severity: "warning",
            path: ["vnc_listen_address"],
            value: spec.vnc_listen_address,
            message: "exposes every VM's console, without a password, beyond the hypervisor",
            fix: "keep 127.0.0.1 and reach the consoles with virt-manager over qemu+ssh",
          },
        ],
};

export const hostKeyRule: Rule<Cluster> = {
  id: "ssh-host-key",
  notInTerraform: "the connection is written into the HCL as a literal, which `-var` cannot change",
  summary:
    "Not verifying the hypervisor's ssh host key (`connection.verify_host_key: false`, the default for `remote_state`, or `known_hosts_verify=ignore` written into `connection.uri`) is a warning.",
  check: (cluster) => connections(cluster).flatMap(({ connection, path }) => hostKeyFindings(connection, path)),
};

function hostKeyFindings(connection: Connection, path: KeyPath): Finding[] {
  if (connection.mode === "uri" && /[?&]known_hosts_verify=ignore(&|$)/.test(connection.uri))
    return [
      {
        severity: "warning",
        path: [...path, "uri"],
        value: connection.uri,
        message: `turns host-key verification off (known_hosts_verify=ignore)${connection.verify_host_key ? ", although verify_host_key is true" : ""}`,
        fix: 'remove known_hosts_verify=ignore from the URI and keep "verify_host_key": true',
      },
    ];
  return connection.verify_host_key || (connection.mode === "uri" && !isSshUri(connection.uri))
    ? []
    : [
        {
          severity: "warning",
          path: [...path, "verify_host_key"],
          value: false,
          message: "Terraform will not verify the hypervisor's ssh host key (known_hosts_verify=ignore)",
          fix: 'add the host with ssh-keyscan to ~/.ssh/known_hosts and set "verify_host_key": true',
        },
      ];
}

export const plainTransportRule: Rule<Cluster> = {
  id: "connection-transport",
  notInTerraform: "the connection is written into the HCL as a literal, which `-var` cannot change",
  summary:
    "A `qemu+tcp://` URI is a warning: libvirt's TCP transport is neither encrypted nor, by default, authenticated, so anyone on the path can drive the hypervisor.",
  check: (cluster) =>
    connections(cluster).flatMap(({ connection, path }): Finding[] =>
      connection.mode === "uri" && connection.uri.startsWith("qemu+tcp:")
        ? [
            {
              severity: "warning",
              path: [...path, "uri"],
              value: connection.uri,
              message: "uses libvirt's TCP transport, which is unencrypted and unauthenticated by default",
              fix: "use qemu+ssh:// (or qemu+tls://)",
            },
          ]
        : [],
    ),
};

data "terraform_remote_state" "ec2_instance" {
  backend = "local"

  config = {
    path = "../terraform.tfstate"
  }
}

locals {
  metal          = data.terraform_remote_state.ec2_instance.outputs
  ssh_public_key = trimspace(file("../${local.metal.ssh_certificate}"))
}

provider "libvirt" {
  uri = "qemu+ssh://ec2-user@${local.metal.baremetal_public_ip}/system?keyfile=../${trimsuffix(local.metal.ssh_certificate, ".pub")}"
}

resource "libvirt_network" "lab" {
  name      = "${var.cluster_name}-net"
  mode      = "nat"
  addresses = ["192.168.126.0/24"]

  dhcp {
    enabled = false
  }
}

resource "libvirt_volume" "disk" {
  count = 2
  name  = "${var.cluster_name}-node-${count.index}.qcow2"
  pool  = "default"
  size  = 21474836480
}

resource "libvirt_cloudinit_disk" "seed" {
  name = "${var.cluster_name}-seed.iso"
  user_data = templatefile("${path.module}/cloud_init.cfg", {
    hostname       = "${var.cluster_name}-node"
    ssh_public_key = local.ssh_public_key
  })
}

resource "libvirt_domain" "node" {
  count     = 2
  name      = "${var.cluster_name}-node-${count.index}"
  memory    = 4096
  vcpu      = 2
  running   = false
  cloudinit = libvirt_cloudinit_disk.seed.id

  cpu {
    mode = "host-passthrough"
  }

  disk {
    volume_id = libvirt_volume.disk[count.index].id
  }

  network_interface {
    network_id = libvirt_network.lab.id
    mac        = format("52:54:00:00:00:%02x", count.index)
  }

  dynamic "network_interface" {
    for_each = var.extra_nics
    content {
      bridge = network_interface.value.bridge
      mac    = format("52:54:00:00:%02x:%02x", network_interface.key + 1, count.index)
    }
  }

  console {
    type        = "pty"
    target_port = "0"
    target_type = "serial"
  }

  graphics {
    type        = "vnc"
    listen_type = "address"
  }

  boot_device {
    dev = ["hd", "network"]
  }
}

output "node_names" {
  value = libvirt_domain.node[*].name
}

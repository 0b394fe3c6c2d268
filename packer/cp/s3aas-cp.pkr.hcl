# The s3aas control-plane VM image: the Java s3aas (resource API + MetaPaaS facade + operator) with
# Debian's OpenJDK 17 and PostgreSQL, the node the s3aas element creates (exordos/manifests).
#
#   make build RUSTFS_SHA256=...   (make images stages output/bin and output/lib into output/cp-dist)
#
# It bakes the distribution that `make build` assembled (output/bin, output/lib). Its settings
# arrive at run time as /etc/s3aas/s3aas.env and /etc/s3aas/versions.yaml (Exordos Core configs
# declared in the element manifest); the services wait for them.

variable "dist_dir" {
  type        = string
  default     = "../output/cp-dist"
  description = "The assembled distribution (bin/s3aas, bin/s3ctl, lib/; make images stages it), relative to the directory packer runs in."
}

variable "base_image_url" {
  type        = string
  default     = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2"
  description = "Debian cloud image to start from. For a real Exordos installation use an image that carries the Exordos node agent (the exordos_base profile), see docs/EXORDOS.md."
}

variable "base_image_checksum" {
  type        = string
  default     = "file:https://cloud.debian.org/images/cloud/bookworm/latest/SHA512SUMS"
  description = "Checksum of base_image_url in packer's iso_checksum syntax."
}

variable "output_format" {
  type        = string
  default     = "raw.zst"
  description = "raw.zst (what Exordos Core boots), raw or qcow2."

  validation {
    condition     = contains(["raw.zst", "raw", "qcow2"], var.output_format)
    error_message = "The output_format value must be raw.zst, raw or qcow2."
  }
}

variable "output_dir" {
  type    = string
  default = "../output"
}

variable "image_name" {
  type    = string
  default = "s3aas-cp"
}

variable "disk_size" {
  type    = string
  default = "10G"
}

variable "headless" {
  type    = bool
  default = true
}

locals {
  # The throw-away build user of common/cloud-init/user-data (locked by seal.sh, removed at first boot).
  build_password = "s3aas-image-build"
  qemu_format    = var.output_format == "qcow2" ? "qcow2" : "raw"
  work_dir       = "${var.output_dir}/packer-${var.image_name}"
}

source "qemu" "cp" {
  iso_url          = var.base_image_url
  iso_checksum     = var.base_image_checksum
  disk_image       = true
  disk_size        = var.disk_size
  format           = local.qemu_format
  accelerator      = "kvm"
  headless         = var.headless
  memory           = 2048
  cpus             = 2
  net_device       = "virtio-net"
  disk_interface   = "virtio"
  output_directory = local.work_dir
  vm_name          = "${var.image_name}.${local.qemu_format}"
  cd_files         = ["${path.root}/../common/cloud-init/meta-data", "${path.root}/../common/cloud-init/user-data"]
  cd_label         = "cidata"
  ssh_username     = "s3aas-build"
  ssh_password     = local.build_password
  ssh_timeout      = "15m"
  shutdown_command = "sudo systemctl poweroff"
}

build {
  sources = ["source.qemu.cp"]

  provisioner "shell" {
    inline = ["mkdir -p /tmp/s3aas-cp/files /tmp/s3aas-cp/scripts /tmp/s3aas-cp/dist"]
  }

  provisioner "file" {
    source      = "${path.root}/files/"
    destination = "/tmp/s3aas-cp/files"
  }

  provisioner "file" {
    source      = "${path.root}/scripts/"
    destination = "/tmp/s3aas-cp/scripts"
  }

  provisioner "file" {
    source      = "${var.dist_dir}/"
    destination = "/tmp/s3aas-cp/dist"
  }

  provisioner "shell" {
    execute_command  = "sudo -E bash '{{ .Path }}'"
    environment_vars = ["S3AAS_CP_SRC=/tmp/s3aas-cp"]
    script           = "${path.root}/scripts/install.sh"
  }

  provisioner "shell" {
    execute_command  = "sudo -E bash '{{ .Path }}'"
    environment_vars = ["BUILD_USER=s3aas-build"]
    script           = "${path.root}/../common/scripts/seal.sh"
  }

  post-processor "shell-local" {
    environment_vars = [
      "IMAGE=${local.work_dir}/${var.image_name}.${local.qemu_format}",
      "OUTPUT=${var.output_dir}/${var.image_name}.${var.output_format}",
      "FORMAT=${var.output_format}",
    ]
    script = "${path.root}/../common/scripts/finish-image.sh"
  }
}

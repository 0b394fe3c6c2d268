# The RustFS data-plane VM image of s3aas: what every node of an S3Instance boots from.
#
#   packer build -var rustfs_sha256=<sha256 of the release zip> packer/dp/rustfs-dp.pkr.hcl
#
# Written for Debian's packer 1.6.6 (built-in qemu builder only: no required_plugins, no init).
# The operator pushes /etc/exordos_metapaas/rustfs.env (rendered from
# operator/src/main/resources/rustfs.env.tmpl, the one source of that file) and restarts
# exordos-metapaas-rustfs; until then the unit's ConditionPathExists keeps RustFS down.

variable "rustfs_version" {
  type        = string
  default     = "1.0.1-preview.10"
  description = "RustFS release to install (the version the exordos_s3 plugin pins)."
}

variable "rustfs_sha256" {
  type        = string
  description = "SHA-256 of the RustFS release zip (required: take it from the release's SHA256SUMS; no default on purpose)."

  validation {
    condition     = length(var.rustfs_sha256) == 64 && trim(var.rustfs_sha256, "0123456789abcdef") == ""
    error_message = "The rustfs_sha256 value must be 64 lower-case hex digits."
  }
}

variable "rustfs_url" {
  type        = string
  default     = ""
  description = "Where to download the RustFS zip; empty means the GitHub release asset of rustfs_version."
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
  description = "raw.zst (what Exordos Core boots, as the seed names it), raw or qcow2."

  validation {
    condition     = contains(["raw.zst", "raw", "qcow2"], var.output_format)
    error_message = "The output_format value must be raw.zst, raw or qcow2."
  }
}

variable "output_dir" {
  type        = string
  default     = "../output"
  description = "Where the image lands, relative to the directory packer runs in."
}

variable "image_name" {
  type    = string
  default = "exordos-metapaas-s3-dp"
}

variable "disk_size" {
  type        = string
  default     = "6G"
  description = "Root disk size; the operator gives every node a 6 GB root disk and a separate data disk."
}

variable "headless" {
  type    = bool
  default = true
}

locals {
  # The throw-away build user of common/cloud-init/user-data: it exists only while packer runs
  # (seal.sh locks it and removes it at first boot), so it is no secret worth a variable.
  build_password = "s3aas-image-build"
  qemu_format    = var.output_format == "qcow2" ? "qcow2" : "raw"
  rustfs_url     = var.rustfs_url != "" ? var.rustfs_url : "https://github.com/rustfs/rustfs/releases/download/${var.rustfs_version}/rustfs-linux-x86_64-gnu-v${var.rustfs_version}.zip"
  work_dir       = "${var.output_dir}/packer-${var.image_name}"
}

source "qemu" "dp" {
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
  sources = ["source.qemu.dp"]

  provisioner "shell" {
    inline = ["mkdir -p /tmp/s3aas-dp/files /tmp/s3aas-dp/scripts"]
  }

  provisioner "file" {
    source      = "${path.root}/files/"
    destination = "/tmp/s3aas-dp/files"
  }

  provisioner "file" {
    source      = "${path.root}/scripts/"
    destination = "/tmp/s3aas-dp/scripts"
  }

  # The one rustfs.env template, owned by the operator (not a copy): installed for reference and
  # checked against the unit at build time.
  provisioner "file" {
    source      = "${path.root}/../../operator/src/main/resources/rustfs.env.tmpl"
    destination = "/tmp/s3aas-dp/rustfs.env.tmpl"
  }

  provisioner "shell" {
    execute_command = "sudo -E bash '{{ .Path }}'"
    environment_vars = [
      "RUSTFS_VERSION=${var.rustfs_version}",
      "RUSTFS_SHA256=${var.rustfs_sha256}",
      "RUSTFS_URL=${local.rustfs_url}",
      "S3AAS_DP_SRC=/tmp/s3aas-dp",
    ]
    script = "${path.root}/scripts/install.sh"
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

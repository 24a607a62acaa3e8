packer {
  required_plugins {
    amazon = {
      source  = "github.com/hashicorp/amazon"
      version = "~> 1.3"
    }
  }
}

locals {
  build_time     = formatdate("YYYYMMDD-hhmm", timestamp())
  ssh_password   = vault("/secret/data/packer/ubuntu", "build_password")
  registry_token = vault("/secret/data/packer/ubuntu", "registry_token")
}

variable "aws_region" {
  type    = string
  default = "eu-central-1"
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
  default   = env("DD_API_KEY")
}

source "amazon-ebs" "ubuntu" {
  region        = var.aws_region
  instance_type = "t3.small"
  ami_name      = "ubuntu-2404-base-${local.build_time}"
  source_ami_filter {
    filters = {
      name                = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
  ssh_username = "ubuntu"
}

build {
  sources = ["source.amazon-ebs.ubuntu"]

  provisioner "shell" {
    environment_vars = [
      "DD_API_KEY=${var.datadog_api_key}",
      "REGISTRY_TOKEN=${local.registry_token}",
    ]
    scripts = ["./scripts/base.sh", "./scripts/datadog-agent.sh"]
  }
}

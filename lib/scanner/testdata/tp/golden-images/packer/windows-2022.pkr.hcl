packer {
  required_plugins {
    azure = {
      source  = "github.com/hashicorp/azure"
      version = "~> 2"
    }
  }
}

variable "subscription_id" {
  type    = string
  default = "4029158f-ee2c-4a7b-a3ce-afe487e622ba"
}

variable "client_id" {
  type    = string
  default = "a2611439-ec79-41a5-83f3-9363a3dc816b"
}

variable "client_secret" {
  type      = string
  sensitive = true
  default   = "E3q8Q~z7A78m_IcqAs5cUnDr4KCA_bLLTuYdoFxG"
}

variable "image_version" {
  type    = string
  default = "2024.11.2"
}

source "azure-arm" "win2022" {
  subscription_id = var.subscription_id
  client_id       = var.client_id
  client_secret   = var.client_secret
  tenant_id       = "15d1e946-da09-42f8-ac07-ac297325df8f"

  managed_image_resource_group_name = "rg-golden-images"
  managed_image_name                = "win2022-base-${var.image_version}"

  os_type         = "Windows"
  image_publisher = "MicrosoftWindowsServer"
  image_offer     = "WindowsServer"
  image_sku       = "2022-datacenter-azure-edition"
  location        = "westeurope"
  vm_size         = "Standard_D4s_v5"

  communicator   = "winrm"
  winrm_use_ssl  = true
  winrm_insecure = true
  winrm_timeout  = "10m"
  winrm_username = "packer"
  winrm_password = "Ca8Fryf82Gyxp7*%Dm"
}

build {
  sources = ["source.azure-arm.win2022"]

  provisioner "powershell" {
    scripts = ["./scripts/install-baseline.ps1", "./scripts/harden.ps1"]
  }

  provisioner "windows-restart" {}
}

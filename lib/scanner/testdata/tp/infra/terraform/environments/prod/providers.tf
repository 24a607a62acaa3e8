terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 3.100"
    }
  }

  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIATL3YQ7LNKD76YIK6"
  secret_key = "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"

  default_tags {
    tags = {
      Environment = "prod"
      ManagedBy   = "terraform"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = "5c3c1fc8-1450-4789-8695-22ed4e58dc4c"
  tenant_id       = "0ebd5fbf-4105-482b-b530-b71fa8dfa29d"
  client_id       = "83979935-14e6-4ed2-94e3-285fd500bfe4"
  client_secret   = "JsA7Q~878XtQkdbugA-LmJDmzgdhawrvsSjYBj87"
}

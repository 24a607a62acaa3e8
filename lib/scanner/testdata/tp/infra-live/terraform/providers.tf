terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
    datadog = {
      source  = "DataDog/datadog"
      version = "~> 3.44"
    }
  }
  backend "s3" {
    bucket         = "brightwave-tfstate"
    key            = "infra-live/prod.tfstate"
    region         = "us-east-1"
    dynamodb_table = "brightwave-tflock"
    encrypt        = true
  }
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAW32DVZM3ZWR7GYD2"
  secret_key = "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"

  default_tags {
    tags = {
      ManagedBy = "terraform"
      Repo      = "infra-live"
    }
  }
}

provider "datadog" {
  api_key = "2321cd59681e9eb9b974cf58c9f62f78"
  app_key = "7d5ce209399cd4b8ad42cad126793a7d9244db98"
  api_url = "https://api.datadoghq.com/"
}

terraform {
  required_providers {
    datadog = {
      source  = "DataDog/datadog"
      version = "~> 3.46"
    }
    pagerduty = {
      source  = "PagerDuty/pagerduty"
      version = "~> 3.17"
    }
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.45"
    }
  }
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

data "aws_secretsmanager_secret_version" "pagerduty" {
  secret_id = "observability/pagerduty-api-token"
}

provider "datadog" {
  api_url = "https://api.datadoghq.eu/"
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
}

provider "pagerduty" {
  token = data.aws_secretsmanager_secret_version.pagerduty.secret_string
}

# CLOUDFLARE_API_TOKEN is read from the environment by the provider
provider "cloudflare" {}

resource "datadog_integration_pagerduty_service_object" "platform" {
  service_name = "platform-oncall"
  service_key  = pagerduty_service_integration.datadog.integration_key
}

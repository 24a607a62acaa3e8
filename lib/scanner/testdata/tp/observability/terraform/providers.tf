terraform {
  required_version = ">= 1.6"
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

provider "datadog" {
  api_url = "https://api.datadoghq.eu/"
  api_key = "719e6aeaa40dd964778bd3145e2608fd"
  app_key = "ab228e9970d239d9c9ecdbda94e2f531103c0344"
}

provider "pagerduty" {
  token = "u+gqy38msjnBCwCdiPwl"
}

provider "cloudflare" {
  api_token = "US1v5GWo2uArcMQDt6eM_Bm8w5JLFe5r3p-NBdjE"
}

job "billing" {
  datacenters = ["fra1"]
  type        = "service"

  update {
    max_parallel     = 1
    min_healthy_time = "30s"
    healthy_deadline = "5m"
    auto_revert      = true
  }

  group "api" {
    count = 3

    network {
      port "http" { to = 8080 }
    }

    service {
      name     = "billing-api"
      port     = "http"
      provider = "consul"
      tags     = ["traefik.enable=true", "traefik.http.routers.billing.rule=Host(`billing.fernhill.internal`)"]

      check {
        type     = "http"
        path     = "/healthz"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "api" {
      driver = "docker"

      config {
        image = "registry.fernhill.internal/billing/api:2024.11.14-3f9c2e1"
        ports = ["http"]
      }

      env {
        APP_ENV           = "production"
        DATABASE_URL      = "postgres://billing:vvcjyupSRyMkwsfAYu61@pg-billing.service.consul:5432/billing?sslmode=verify-full"
        STRIPE_SECRET_KEY = "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"
        LOG_LEVEL         = "info"
      }

      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}

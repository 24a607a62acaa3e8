job "billing" {
  datacenters = ["fra1"]
  type        = "service"

  group "api" {
    count = 3

    network {
      port "http" { to = 8080 }
    }

    task "api" {
      driver = "docker"

      config {
        image = "registry.fernhill.internal/billing/api@sha256:18faeb9d3fb6e75e1156a2edd55a5bcff7647b5f0e3d814526ed70b597d0d445"
        ports = ["http"]
      }

      vault {
        role = "billing-api"
      }

      artifact {
        source      = "https://artifacts.fernhill.internal/billing/migrations-2024.11.14.tar.gz"
        destination = "local/migrations"
        options {
          checksum = "sha256:f347b52059c5ec02e2df6327a6053d037d6bcc264447c024a3fc9ce7a0ad8fe7"
        }
      }

      template {
        destination = "secrets/app.env"
        env         = true
        change_mode = "restart"
        data        = <<EOH
{{ with secret "kv/data/billing/prod" }}
DATABASE_URL=postgres://{{ .Data.data.db_user }}:{{ .Data.data.db_password }}@pg-billing.service.consul:5432/billing
STRIPE_SECRET_KEY={{ .Data.data.stripe_secret_key }}
{{ end }}
EOH
      }

      env {
        APP_ENV   = "production"
        LOG_LEVEL = "info"
      }
    }
  }
}

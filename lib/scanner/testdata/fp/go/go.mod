module github.com/northwind-logistics/fleet-tracker

go 1.22.5

toolchain go1.22.7

require (
	cloud.google.com/go/pubsub v1.40.0
	github.com/aws/aws-sdk-go-v2 v1.30.3
	github.com/aws/aws-sdk-go-v2/config v1.27.27
	github.com/aws/aws-sdk-go-v2/service/secretsmanager v1.32.3
	github.com/go-chi/chi/v5 v5.1.0
	github.com/golang-jwt/jwt/v5 v5.2.1
	github.com/google/uuid v1.6.0
	github.com/hashicorp/vault/api v1.14.0
	github.com/jackc/pgx/v5 v5.6.0
	github.com/northwind-logistics/geo v0.0.0-20240611093412-d7e46c12638b
	github.com/northwind-logistics/proto-go v0.3.1-0.20240702151210-86a4a4eee764
	github.com/prometheus/client_golang v1.19.1
	github.com/stretchr/testify v1.9.0
	go.opentelemetry.io/otel v1.28.0
	golang.org/x/crypto v0.25.0
	golang.org/x/sync v0.7.0
	google.golang.org/grpc v1.65.0
)

require (
	cloud.google.com/go v0.115.0 // indirect
	github.com/aws/smithy-go v1.20.3 // indirect
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cenkalti/backoff/v4 v4.3.0 // indirect
	github.com/davecgh/go-spew v1.1.2-0.20180830191138-b7715ec2dd12 // indirect
	github.com/go-jose/go-jose/v4 v4.0.1 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.7 // indirect
	github.com/hashicorp/go-secure-stdlib/strutil v0.1.2 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-09f5eed28b67 // indirect
	github.com/pmezard/go-difflib v1.0.1-0.20181226105442-2739df348354 // indirect
	github.com/ryanuber/go-glob v1.0.0 // indirect
	golang.org/x/net v0.27.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20240711142825-e080cf275090 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/northwind-logistics/geo => ../geo

exclude github.com/golang-jwt/jwt/v5 v5.2.0

retract v1.4.0 // published with a broken build tag

package config

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/kelseyhightower/envconfig"
)

// Config is loaded from the environment (FLEET_*) and, for local runs, from
// config.local.json. Secret fields are filled at run time and never logged.
type Config struct {
	Env      string        `json:"env" envconfig:"ENV" default:"development"`
	HTTPAddr string        `json:"http_addr" envconfig:"HTTP_ADDR" default:":8080"`
	Timeout  time.Duration `json:"timeout" envconfig:"TIMEOUT" default:"15s"`

	Database struct {
		Host     string `json:"host" envconfig:"DB_HOST" default:"localhost"`
		Port     int    `json:"port" envconfig:"DB_PORT" default:"5432"`
		User     string `json:"user" envconfig:"DB_USER" default:"fleet"`
		Password string `json:"password" envconfig:"DB_PASSWORD" required:"true"`
		SSLMode  string `json:"sslmode" envconfig:"DB_SSLMODE" default:"require"`
	} `json:"database"`

	Auth struct {
		JWTSecret     string        `json:"jwt_secret" envconfig:"JWT_SECRET" required:"true"`
		TokenTTL      time.Duration `json:"token_ttl" envconfig:"TOKEN_TTL" default:"15m"`
		APIKeyHeader  string        `json:"api_key_header" envconfig:"API_KEY_HEADER" default:"X-API-Key"`
		OIDCIssuer    string        `json:"oidc_issuer" envconfig:"OIDC_ISSUER"`
		OIDCClientID  string        `json:"oidc_client_id" envconfig:"OIDC_CLIENT_ID"`
		OIDCSecret    string        `json:"oidc_client_secret,omitempty" envconfig:"OIDC_CLIENT_SECRET"`
	} `json:"auth"`

	AWS struct {
		Region          string `json:"region" envconfig:"AWS_REGION" default:"eu-central-1"`
		AccessKeyID     string `json:"access_key_id,omitempty" envconfig:"AWS_ACCESS_KEY_ID"`
		SecretAccessKey string `json:"secret_access_key,omitempty" envconfig:"AWS_SECRET_ACCESS_KEY"`
	} `json:"aws"`
}

func Load(path string) (*Config, error) {
	var c Config
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		if err == nil {
			if err := json.Unmarshal(b, &c); err != nil {
				return nil, fmt.Errorf("parse %s: %w", path, err)
			}
		}
	}
	if err := envconfig.Process("FLEET", &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Redacted returns a copy that is safe to log.
func (c Config) Redacted() Config {
	const mask = "********"
	if c.Database.Password != "" {
		c.Database.Password = mask
	}
	if c.Auth.JWTSecret != "" {
		c.Auth.JWTSecret = mask
	}
	if c.Auth.OIDCSecret != "" {
		c.Auth.OIDCSecret = mask
	}
	if c.AWS.SecretAccessKey != "" {
		c.AWS.SecretAccessKey = mask
	}
	return c
}

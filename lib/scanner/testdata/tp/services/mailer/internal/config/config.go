package config

import (
	"os"
	"time"
)

type Config struct {
	ListenAddr     string
	SendGridAPIKey string
	FromAddress    string
	LinkSigningKey []byte
	SendTimeout    time.Duration
}

const (
	defaultListenAddr  = ":8080"
	defaultSendGridKey = "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"
)

var linkSigningKey = []byte("cRgR6WhXj7tDSV//s3ZSPOFxyfjTYZZOEsYy3zmunM8=")

func Load() Config {
	return Config{
		ListenAddr:     getenv("LISTEN_ADDR", defaultListenAddr),
		SendGridAPIKey: getenv("SENDGRID_API_KEY", defaultSendGridKey),
		FromAddress:    getenv("MAIL_FROM", "no-reply@acme.io"),
		LinkSigningKey: linkSigningKey,
		SendTimeout:    10 * time.Second,
	}
}

func getenv(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

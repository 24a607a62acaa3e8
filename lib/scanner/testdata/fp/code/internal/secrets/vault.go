// Package secrets reads application secrets from HashiCorp Vault (KV v2)
// using the pod's Kubernetes service account; nothing is read from disk or env
// except the Vault address and role.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	vault "github.com/hashicorp/vault/api"
	auth "github.com/hashicorp/vault/api/auth/kubernetes"
)

var ErrNotFound = errors.New("secret not found")

type Client struct {
	vc    *vault.Client
	mount string
	path  string

	mu    sync.RWMutex
	cache map[string]cached
	ttl   time.Duration
}

type cached struct {
	value   string
	fetched time.Time
}

func New(ctx context.Context) (*Client, error) {
	cfg := vault.DefaultConfig() // honours VAULT_ADDR, VAULT_CACERT
	vc, err := vault.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("vault client: %w", err)
	}
	k8sAuth, err := auth.NewKubernetesAuth(os.Getenv("VAULT_ROLE"),
		auth.WithServiceAccountTokenPath("/var/run/secrets/kubernetes.io/serviceaccount/token"))
	if err != nil {
		return nil, fmt.Errorf("kubernetes auth: %w", err)
	}
	if _, err := vc.Auth().Login(ctx, k8sAuth); err != nil {
		return nil, fmt.Errorf("vault login: %w", err)
	}
	return &Client{
		vc:    vc,
		mount: "secret",
		path:  "fleet-tracker/" + os.Getenv("APP_ENV"),
		cache: map[string]cached{},
		ttl:   5 * time.Minute,
	}, nil
}

// GetSecret returns one key of the service's KV secret, e.g. GetSecret(ctx, "db_password").
func (c *Client) GetSecret(ctx context.Context, name string) (string, error) {
	c.mu.RLock()
	if v, ok := c.cache[name]; ok && time.Since(v.fetched) < c.ttl {
		c.mu.RUnlock()
		return v.value, nil
	}
	c.mu.RUnlock()

	kv, err := c.vc.KVv2(c.mount).Get(ctx, c.path)
	if err != nil {
		return "", fmt.Errorf("read %s/%s: %w", c.mount, c.path, err)
	}
	raw, ok := kv.Data[name]
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	value, ok := raw.(string)
	if !ok {
		return "", fmt.Errorf("secret %s is not a string", name)
	}

	c.mu.Lock()
	c.cache[name] = cached{value: value, fetched: time.Now()}
	c.mu.Unlock()
	return value, nil
}

// MustGetSecret is for start-up only: a missing secret stops the process.
func (c *Client) MustGetSecret(ctx context.Context, name string) string {
	v, err := c.GetSecret(ctx, name)
	if err != nil {
		panic(err)
	}
	return v
}

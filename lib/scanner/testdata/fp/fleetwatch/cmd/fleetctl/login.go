package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cli/oauth/device"
	"github.com/zalando/go-keyring"
)

const (
	// Public client of the "fleetctl" OAuth app (device flow, no client secret).
	oauthClientID = "Ov23li2kQfoHbQtanvBr"
	keyringService = "fleetctl"
	keyringUser    = "access-token"
	tokenEnvVar    = "FLEETCTL_TOKEN"
)

func loadToken() (string, error) {
	if t := os.Getenv(tokenEnvVar); t != "" {
		return t, nil
	}
	return keyring.Get(keyringService, keyringUser)
}

func login(ctx context.Context) error {
	code, err := device.RequestCode(httpClient, "https://github.com/login/device/code", oauthClientID, []string{"read:org"})
	if err != nil {
		return fmt.Errorf("request device code: %w", err)
	}
	fmt.Printf("Open %s and enter %s\n", code.VerificationURI, code.UserCode)

	token, err := device.Wait(ctx, httpClient, "https://github.com/login/oauth/access_token", device.WaitOptions{
		ClientID:   oauthClientID,
		DeviceCode: code,
	})
	if err != nil {
		return fmt.Errorf("wait for authorization: %w", err)
	}
	return keyring.Set(keyringService, keyringUser, token.Token)
}

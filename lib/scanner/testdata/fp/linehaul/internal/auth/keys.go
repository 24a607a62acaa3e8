package auth

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
)

// issuerPublicKey verifies access tokens minted by the Freightline auth service
// (kid "fl-2024-09"). Only the public half lives here; the signing key is in KMS.
const issuerPublicKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAw1fPOaiBPa4iXI42nijM
tOqzC83o19968KH/cjv+PZH7Tt9PIaWC6kIrd3ZtmUIARl4V3+ccISPET1rclOCI
kNTTewY+Mh2nxrFRCRvcO5MOy7sVdKnxIBblgCJcxqSWJjOgXztXkactwOt9kfpt
CEII8JyqqXR291Pny5lB6MVaMbYPtDN1nPbrcMj3CeaxednP6lCDGeAMbbFhC4hd
JmTeknAOOzQV0X26MQ7YZjSlJi5dbfu4mEeZ3DVlzs8c3oA6Gq5+IsGiMT3LcKjX
TMaP+37B4CKTZI3PGNODAIiBXgZUHaNHhJXB9eY+A8KmkTGBWdNKKCEqCL7dC8X8
gwIDAQAB
-----END PUBLIC KEY-----`

func ParseIssuerKey() (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(issuerPublicKey))
	if block == nil {
		return nil, errors.New("auth: no PEM block in issuer key")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("auth: issuer key is not RSA")
	}
	return rk, nil
}

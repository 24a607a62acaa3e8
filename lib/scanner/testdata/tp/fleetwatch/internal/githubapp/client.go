package githubapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
)

const (
	appID          int64 = 418377
	installationID int64 = 50219984

	// webhookSecret must match the secret configured on the GitHub App.
	webhookSecret = "03f8937accae3dd1fcfc89bb47708220ac506948"
)

// TODO(mkrause): move to the secrets manager before the repo goes public.
var privateKeyPEM = []byte(`-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA0e26MJBYWBU4Ty2CntBITqyVoUw5wm6YNRAPQcHWrVPOEhN9
8hzcUGW/SB5FzE22BS3aqeg2cVY3WQpK0gN5yrA5uNtTJDP8buOmEnx15+/VwpeN
8yHbYut1JlvLlLa95j44U4pdS5fv9+tpBQhQfnNPeoGdhcxCWyhqdRHRC619oUY+
ggtnrlvXqmlnWwxqbPNkRmO3zDrfBCC985ea4Me+sCZbTZNiSx9aRsbOVgxlvCMI
K5ukTyrEeozi6xvFxD+40oKcTdDWwHBhLO0xUi/Q3RyBfqRBYYpdkBOSq1wPxggg
Apbwf4EJpPgYQJfM/ztGcX6kpbLE1Ah0KhGB4wIDAQABAoIBAF4k1Qd7bEsQNSD5
AWeUc6Dor+/Wnd6Ot26whY8RTWOMvlEH8cb232ykvJwsi1O8lAENl87zpxq7tfWV
8ojtaxyVXEWFAmutbqsSJ4OJ0lySB5SNX+jlyZu6iV6K8yj9rPsI8zyvw/gnKsRN
i9roaCTVNJL1dr2upSF5ZgibVVr9AnLibfIC7sHAu+sbo9uv2qqGpO1kEdsTxepY
NiVJq1nxFzLCNAWxkwrzpPcR5kK4N6YusJLxpTJDDlc9vXW25PcAb5p4kiV3xI+l
ieluEc0tDTAtE2lbRRoRjsovHVXr0DG1w5a+syz7v3g+1D8AvF7NYJdjltdXvN9R
rSFk3GkCgYEA62QBPLAT7vkY0g90YkwSdoL9PXLoh4Tl7X2iogNBLuXsB8EUjGCD
RAs3Fmajd6epqiC+cQyCaI52MbozDgsSIk9D/0LEObqKMlH+avmhpRbHmJZhtGox
m0BL6j64kadPtdTB2D3XsH1c86Df3Wj8huMKGxo9DcdgzlwTX5HIiGkCgYEA5E8F
r0pmksj6Rr8joPzGPJbd7/xas43623YOIBJlfma2yliYfkGqTSrckEarCsqsLMNr
C/kq7Dy84KvNd7ti0B6zMF3NOxHEg7q3TK5LGxv6Lw8ONukbscSqR+P30dPUwt7x
ru7oIM51hflPBsKtBJG0c6s4zq4lrYB+NiIczmsCgYEA53CTes0RPFT1H4yMfR2Y
xadzQNjbYmu7+q8dmbgjfe4ZDWK9Rmyag+uXBVJzhXF3c0vwk4yeKBlyguA11Kfz
84IGNFO8RZpwyJsv0JSTZ5OnOhMaC96h2aj1O2Lh7GwaBoki8u+TQ/duziguFC9m
o2VWCWHaB9MyDpQfhEb9aYkCgYBmhUmjNkCrR06DuE8Seo+2I3UTz/kWyfnM1M1w
/3HN+ee5I2GOyIPl1QpoSyOBXBNGopYOMVxh6sBSDzPbwSyVEkQawvRmwwrAsHah
G18klEKbISKb67+A6zQfxjHBamMPArf6etOH7838VEB1Y7P36kni6w8+WBsZNyr1
ugm/cwKBgQCkq16jwLCZBJbJAaNQgyZ1jUBe6lMyrB8mKD2qOc+GCoiH5L4s8Bth
4S3DT+rEo2MLXYmKNS9Bp/xcbELg3QtKOAxEqylfVPb0n2xyj0hIgamsePWhcdWC
qKr2lIio8Y/SsAUv05qNG075GUfqxGvWY3tAPx7t7Y40a0hZqBBEYw==
-----END RSA PRIVATE KEY-----
`)

// NewTransport returns an http.RoundTripper authenticated as the app installation.
func NewTransport() (http.RoundTripper, error) {
	return ghinstallation.New(http.DefaultTransport, appID, installationID, privateKeyPEM)
}

// ValidSignature checks the X-Hub-Signature-256 header of a webhook delivery.
func ValidSignature(body []byte, header string) bool {
	mac := hmac.New(sha256.New, []byte(webhookSecret))
	mac.Write(body)
	expected := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(expected), []byte(header))
}

var clientTimeout = 20 * time.Second

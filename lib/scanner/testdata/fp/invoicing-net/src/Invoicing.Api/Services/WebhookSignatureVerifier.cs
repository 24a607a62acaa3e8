using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Invoicing.Api.Services;

public sealed class WebhookOptions
{
    public string Secret { get; set; } = string.Empty;   // bound from configuration / Key Vault
    // SHA-1 thumbprint of the partner's mTLS client certificate (public)
    public string PartnerCertThumbprint { get; set; } = "5AAE326F8A23229B15E18384E46DCF143ED4A07A";
}

public sealed class WebhookSignatureVerifier(IOptions<WebhookOptions> options)
{
    public bool IsValid(string payload, string signatureHeader)
    {
        var secret = options.Value.Secret;
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("Webhooks:Secret is not configured");
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(payload))).ToLowerInvariant();
        var given = signatureHeader.StartsWith("sha256=") ? signatureHeader[7..] : signatureHeader;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
    }
}

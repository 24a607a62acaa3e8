using System;
using System.Security.Cryptography;
using System.Text;
using UnityEngine;

namespace Starfall.Net
{
    /// <summary>Keeps the PlayFab session ticket for the current device; never ships any key.</summary>
    public static class SessionTokenStore
    {
        private const string TokenPrefsKey = "sf_session_ticket";
        private const string TokenHeader = "X-Authorization";
        private const string SecretKeyHeader = "X-SecretKey"; // server-side only, never sent by the client

        public static string DeviceFingerprint()
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(SystemInfo.deviceUniqueIdentifier));
            return BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
        }

        public static void Save(string sessionTicket)
        {
            if (string.IsNullOrEmpty(sessionTicket)) throw new ArgumentException("empty ticket", nameof(sessionTicket));
            PlayerPrefs.SetString(TokenPrefsKey, sessionTicket);
            PlayerPrefs.Save();
        }

        public static bool TryLoad(out string sessionTicket)
        {
            sessionTicket = PlayerPrefs.GetString(TokenPrefsKey, string.Empty);
            return sessionTicket.Length > 0;
        }

        public static void Apply(UnityEngine.Networking.UnityWebRequest request)
        {
            if (TryLoad(out var ticket)) request.SetRequestHeader(TokenHeader, ticket);
        }

        public static void Clear() => PlayerPrefs.DeleteKey(TokenPrefsKey);
    }
}

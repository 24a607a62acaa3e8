//! Runtime configuration for the telemetry forwarder.
//!
//! Secrets are never compiled in: they are read from the environment, which
//! the systemd unit fills from `/etc/fernhill/telemetry.env` (mode 0600).

use std::env;
use std::time::Duration;

use thiserror::Error;

pub const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_secs(10);
pub const DEFAULT_BATCH_SIZE: usize = 500;

/// SHA-256 of the SubjectPublicKeyInfo of the intake endpoint's issuing CA
/// (public information, used for certificate pinning).
pub const INTAKE_SPKI_PIN_SHA256: &str = "EFKogOBG/5FUrPOnWmSARhwqLTklzTFUMgMui2V+xeM=";
pub const INTAKE_SPKI_PIN_BACKUP_SHA256: &str = "a1/ZDi53YC+E5F9aFAGbtOjuR7Xqc7rYGj/1vBJKzo8=";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("environment variable {0} is not set")]
    Missing(&'static str),
    #[error("DD_API_KEY must be 32 hex characters, got {0} characters")]
    BadApiKey(usize),
}

#[derive(Clone)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub datadog_api_key: Secret,
    pub database_url: Secret,
    pub webhook_secret: Secret,
    pub flush_interval: Duration,
}

fn required(name: &'static str) -> Result<String, ConfigError> {
    env::var(name).map_err(|_| ConfigError::Missing(name))
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let api_key = required("DD_API_KEY")?;
        if api_key.len() != 32 || !api_key.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ConfigError::BadApiKey(api_key.len()));
        }
        Ok(Self {
            datadog_api_key: Secret(api_key),
            database_url: Secret(required("DATABASE_URL")?),
            webhook_secret: Secret(required("GITHUB_WEBHOOK_SECRET")?),
            flush_interval: DEFAULT_FLUSH_INTERVAL,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secret() {
        let s = Secret("not-a-real-key".into());
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }
}

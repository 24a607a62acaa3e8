//! Runtime configuration for the telemetry forwarder.
//!
//! Values are read from the environment first; the constants below are the
//! fallbacks used by the `fernhill-telemetry` binary on the edge boxes.

use std::env;
use std::time::Duration;

use serde::Deserialize;

pub const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_secs(10);
pub const DEFAULT_BATCH_SIZE: usize = 500;

// TODO(ops-412): move to the secrets manager once the edge boxes can reach it.
const DATADOG_API_KEY: &str = "d74fc00048d0da94605d44471c26f70a";
const DATADOG_SITE: &str = "datadoghq.eu";

/// HMAC secret GitHub signs the `push` webhook with (X-Hub-Signature-256).
const GITHUB_WEBHOOK_SECRET: &[u8] = b"cce85b599e95871ae3cbb06b15a5992f6189548d";

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub datadog_api_key: String,
    pub datadog_site: String,
    pub database_url: String,
    pub webhook_secret: Vec<u8>,
    pub flush_interval: Duration,
    pub batch_size: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            datadog_api_key: DATADOG_API_KEY.to_owned(),
            datadog_site: DATADOG_SITE.to_owned(),
            database_url: "postgres://telemetry:lOiS7oB1ZEuNnOnOIlZm@pg-telemetry.internal.fernhill-outdoor.com:5432/telemetry?sslmode=require"
                .to_owned(),
            webhook_secret: GITHUB_WEBHOOK_SECRET.to_vec(),
            flush_interval: DEFAULT_FLUSH_INTERVAL,
            batch_size: DEFAULT_BATCH_SIZE,
        }
    }
}

impl Config {
    pub fn from_env() -> Self {
        let mut cfg = Self::default();
        if let Ok(v) = env::var("DD_API_KEY") {
            cfg.datadog_api_key = v;
        }
        if let Ok(v) = env::var("DD_SITE") {
            cfg.datadog_site = v;
        }
        if let Ok(v) = env::var("DATABASE_URL") {
            cfg.database_url = v;
        }
        if let Ok(v) = env::var("TELEMETRY_BATCH_SIZE") {
            cfg.batch_size = v.parse().unwrap_or(DEFAULT_BATCH_SIZE);
        }
        cfg
    }
}

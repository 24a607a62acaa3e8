// @ts-check
const { withSentryConfig } = require('@sentry/nextjs');

const csp = [
  "default-src 'self'",
  "script-src 'self' 'sha256-gA07w8TdAG7zWDGJhkFx/PSa/dhxV2Y4Tmlr/j9PEPs=' https://js.stripe.com https://cdn.segment.com",
  "connect-src 'self' https://api.segment.io https://*.ingest.de.sentry.io",
  "frame-src https://js.stripe.com",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  env: {
    NEXT_PUBLIC_BUILD_SHA: process.env.VERCEL_GIT_COMMIT_SHA ?? 'local',
  },
  async headers() {
    return [{ source: '/:path*', headers: [{ key: 'Content-Security-Policy', value: csp }] }];
  },
};

module.exports = withSentryConfig(nextConfig, {
  org: 'kettle-and-crane',
  project: 'storefront',
  // SENTRY_AUTH_TOKEN is read from the environment by the plugin
  authToken: process.env.SENTRY_AUTH_TOKEN,
  silent: true,
});

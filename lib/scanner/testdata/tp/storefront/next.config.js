// @ts-check
const { withSentryConfig } = require('@sentry/nextjs');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  images: {
    remotePatterns: [{ protocol: 'https', hostname: 'cdn.shopify.com' }],
  },
  env: {
    SHOPIFY_STORE_DOMAIN: 'kettle-and-crane.myshopify.com',
    SHOPIFY_ADMIN_ACCESS_TOKEN: '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',
    ALGOLIA_APP_ID: '4O40DBN45D',
    ALGOLIA_ADMIN_KEY: '34163034bd5ec408dec24e264599da24',
  },
  async redirects() {
    return [{ source: '/shop', destination: '/collections/all', permanent: true }];
  },
};

module.exports = withSentryConfig(nextConfig, {
  org: 'kettle-and-crane',
  project: 'storefront',
  authToken: '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',
  silent: true,
  widenClientFileUpload: true,
});

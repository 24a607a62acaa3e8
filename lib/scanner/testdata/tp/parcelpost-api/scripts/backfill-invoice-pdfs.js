#!/usr/bin/env node
// One-off: regenerate invoice PDFs for invoices created during the 2024-10-14 outage.
// Run with: node scripts/backfill-invoice-pdfs.js --since 2024-10-14
// NOTE: using a restricted key temporarily, delete this file after the backfill!!
const Stripe = require('stripe');

const stripe = new Stripe('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', {
  apiVersion: '2024-06-20',
});

const since = process.argv.includes('--since')
  ? Math.floor(new Date(process.argv[process.argv.indexOf('--since') + 1]).getTime() / 1000)
  : Math.floor(Date.now() / 1000) - 7 * 86400;

(async () => {
  let count = 0;
  for await (const invoice of stripe.invoices.list({ created: { gte: since }, limit: 100 })) {
    if (invoice.status !== 'paid') continue;
    await fetch('http://localhost:8080/internal/invoices/' + invoice.id + '/pdf', { method: 'POST' });
    count++;
  }
  console.log('regenerated', count, 'invoice pdfs');
})();

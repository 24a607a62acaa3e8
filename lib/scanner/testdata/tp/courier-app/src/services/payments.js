import { Platform } from 'react-native';

const API = 'https://api.stripe.com/v1';
// TODO: move PaymentIntent creation to the backend before launch!
const STRIPE_KEY = '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';

export async function createTipPaymentIntent(amountCents, courierId) {
  const body = new URLSearchParams({
    amount: String(amountCents),
    currency: 'gbp',
    'metadata[courier_id]': courierId,
    'metadata[platform]': Platform.OS,
    'automatic_payment_methods[enabled]': 'true',
  });
  const res = await fetch(`${API}/payment_intents`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${STRIPE_KEY}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: body.toString(),
  });
  if (!res.ok) throw new Error(`stripe error ${res.status}`);
  return res.json();
}

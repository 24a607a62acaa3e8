import { loadStripe } from "@stripe/stripe-js";

// Publishable keys identify the account to Stripe.js and are meant to be
// shipped to browsers; the secret key lives only on the server
// (STRIPE_SECRET_KEY, read from Secrets Manager).
const PUBLISHABLE_KEY =
  import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY ??
  "pk_live_513k564sa6Qzy79mjFxFTU4z8loDVEPjo2y1cDTbYL7IjtzJCHRF1schXiKXjnmmiu5Ryw755K6MGdGt4msFjN8jcsUdJGkDFp6";

let stripePromise;

export function getStripe() {
  if (!stripePromise) {
    stripePromise = loadStripe(PUBLISHABLE_KEY, { locale: "de" });
  }
  return stripePromise;
}

/**
 * Confirms a PaymentIntent created by POST /api/checkout/intents.
 * The client secret comes from our API for this one payment and is never stored.
 */
export async function confirmCardPayment(elements, { returnUrl }) {
  const stripe = await getStripe();
  const { error } = await stripe.confirmPayment({
    elements,
    confirmParams: { return_url: returnUrl },
    redirect: "if_required",
  });
  if (error) {
    // card_declined, expired_card, incorrect_cvc, ...
    throw Object.assign(new Error(error.message), { code: error.code, type: error.type });
  }
}

export async function createIntent(orderId) {
  const res = await fetch("/api/checkout/intents", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ orderId }),
  });
  if (!res.ok) throw new Error(`Could not start the payment (${res.status})`);
  const { clientSecret } = await res.json();
  return clientSecret;
}

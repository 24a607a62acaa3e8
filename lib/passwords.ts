import "server-only";
import { hash, verify } from "@node-rs/argon2";

// Argon2id (memory-hard), OWASP's recommended minimum: 19 MiB, 2 iterations.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string | null | undefined, password: string): Promise<boolean> {
  if (!hashed) {
    // Same cost as a real check, so timing does not reveal which emails exist.
    await hash(password, options);
    return false;
  }
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** Admin accounts: creation (CLI) and the password check of sign-in. */
import { z } from '../../core/zod.ts';
import { uuidv7 } from '../../core/index.ts';
import type { AdminRow, AdminStore } from '../store/types.ts';
import { dummyHash, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, verifyPassword } from './password.ts';

export const UsernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(60)
  .regex(/^[A-Za-z0-9_.@-]+$/);

export type CreateAdminOutcome = 'created' | 'exists' | 'bad_username' | 'short_password';

export async function createAdminAccount(
  store: Pick<AdminStore, 'createAdmin'>,
  username: string,
  password: string,
  now: number,
): Promise<CreateAdminOutcome> {
  const name = UsernameSchema.safeParse(username);
  if (!name.success) return 'bad_username';
  if (password.length < MIN_PASSWORD_LENGTH) return 'short_password';
  return store.createAdmin({
    id: uuidv7(now),
    username: name.data.toLowerCase(),
    passwordHash: await hashPassword(password),
    createdAt: now,
  });
}

/**
 * Whether `password` is `account`'s (false for no account, after the same work), and, when it is
 * and the stored hash is cheaper than today's cost, the hash stored again at today's cost.
 * Call it only inside the password gate (admin/password-gate.ts): each is a scrypt check.
 */
export async function checkPassword(
  store: Pick<AdminStore, 'setAdminPasswordHash'>,
  account: AdminRow | null,
  password: string,
): Promise<boolean> {
  const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash()));
  if (!account || !ok) return false;
  if (needsRehash(account.passwordHash))
    await store.setAdminPasswordHash(account.id, await hashPassword(password));
  return true;
}

/** Admin accounts: creation (CLI) and the password check of sign-in. */
import { z } from '../../core/zod.ts';
import { uuidv7 } from '../../core/index.ts';
import type { AdminRow, Store } from '../store/types.ts';
import { dummyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.ts';

export const UsernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(60)
  .regex(/^[A-Za-z0-9_.@-]+$/);

export type CreateAdminOutcome = 'created' | 'exists' | 'bad_username' | 'short_password';

export async function createAdminAccount(
  store: Store,
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

/** The admin when username and password match, else null (same work either way). */
export async function checkCredentials(
  store: Store,
  username: string,
  password: string,
): Promise<AdminRow | null> {
  const admin = await store.adminByUsername(username.trim().toLowerCase());
  const ok = await verifyPassword(password, admin?.passwordHash ?? (await dummyHash()));
  return admin && ok ? admin : null;
}

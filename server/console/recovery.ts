// Recovery by inspector: when an inspector leaves, an administrator holding the printed recovery
// key passes their open cases to a colleague. The server only lists which cases qualify; the
// administrator's browser opens each case key through the recovery key and re-wraps it
// (recoveryWrap / recoveryRewrap in cases.ts), so the server never sees a case key.
import { recoveryCasesMax } from '../../contract/console-api.ts';
import { getAccount } from '../../db/repositories/accounts.ts';
import { casesWrappedForBoth } from '../../db/repositories/cases.ts';
import { recoveryRecipientId } from '../../db/repositories/recipients.ts';
import { errors } from '../http/errors.ts';
import { appendAudit } from '../shared/audit.ts';
import type { ConsoleDeps, Staff } from './context.ts';

/**
 * The cases not closed that `accountId` holds a key for and the recovery key can open too, by
 * case id, at most 10,000. Any account (active or disabled) but the recovery key's own id.
 * Audited as recovery.list with the account id.
 */
export function recoveryCasesOf(deps: ConsoleDeps, staff: Staff, accountId: string) {
  const account = getAccount(deps.db, accountId);
  if (!account) throw errors.accountNotFound();
  return deps.db.transaction((tx) => {
    const cases = casesWrappedForBoth(tx, account.id, recoveryRecipientId, recoveryCasesMax);
    appendAudit(tx, deps.clock(), { actorId: staff.id, action: 'recovery.list', detail: { accountId: account.id } });
    return { cases };
  });
}

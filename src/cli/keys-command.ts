import { ROLES, keyName, type Role } from '../auth/api-keys.js';
import { createKey, DuplicateKeyNameError } from '../auth/keys-file.js';
import { configOrExit } from './cli-context.js';

/** Creates an API key: prints what it is, then the key alone on the last line, once. */
export function createKeyCommand(options: { name: string; role: string }): number {
  const config = configOrExit();
  if (!config) return 2;
  const name = keyName.safeParse(options.name);
  if (!name.success) {
    console.error(`concord keys create: --name: ${name.error.issues[0]!.message}`);
    return 2;
  }
  if (!(ROLES as readonly string[]).includes(options.role)) {
    console.error(`concord keys create: --role must be one of ${ROLES.join(', ')}`);
    return 2;
  }
  try {
    const key = createKey(config.CONCORD_KEYS_FILE, name.data, options.role as Role);
    console.error(`created API key "${name.data}" with role ${options.role} in ${config.CONCORD_KEYS_FILE} (only its SHA-256 is kept).`);
    console.error('It is shown this once; send it as "Authorization: Bearer <key>":');
    console.log(key);
    return 0;
  } catch (error) {
    if (error instanceof DuplicateKeyNameError) {
      console.error(`concord keys create: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

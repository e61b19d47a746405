import { newId, type CommandContext } from '@oms/contracts';

/** A command's context as the gateway gives it for the development API key of `role`. */
export function userContext(role: 'client' | 'operator' = 'client'): CommandContext {
  const commandId = newId();
  return { correlationId: newId(), commandId, causationId: commandId, actor: { type: 'user', id: `dev-${role}`, role } };
}

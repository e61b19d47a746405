/**
 * Body of operations that need no input (`confirm`, `pick`, …): `{}` or nothing. Any field is
 * refused (whitelist), so a client that thinks it sends data learns that it does not.
 */
export class EmptyBodyDto {}

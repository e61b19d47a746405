/** The ordering service's message endpoint, as the process manager talks to it (a ServiceClient). */
export const ORDERING_CLIENT = Symbol('ORDERING_CLIENT');

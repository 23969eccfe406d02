/** Limits shared by the server (which enforces them) and the forms (which show them). */
export const Limits = {
  emailMax: 254,
  displayNameMin: 1,
  displayNameMax: 80,
  passwordMin: 10,
  passwordMax: 256,
  /** Largest JSON body the API accepts, in bytes. */
  bodyBytes: 100 * 1024,
  userAgentMax: 300,
} as const;

/**
 * Wire facts this project had to infer, shared by the provider and the emulator so
 * the two cannot drift apart. Everything else they share only over the wire.
 *
 * Deepnote's stop-session endpoint is not published (docs/services/deepnote.md): `DELETE
 * /v2/sessions/{id}` is our inference. Change it here when Deepnote documents theirs.
 */
export const DEEPNOTE_STOP_SESSION = {
  method: "DELETE" as const,
  /** Under the `/v2` base, with `:id` for the session id. */
  path: "/sessions/:id",
};

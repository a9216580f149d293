/** Thrown where rendering would have to guess; the operation becomes one "not analysed" entry. */
export class NotRendered extends Error {}

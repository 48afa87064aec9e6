/** Ticket ids are opaque strings; the generator is a port so tests can pin them. */
export type IdGenerator = () => string;

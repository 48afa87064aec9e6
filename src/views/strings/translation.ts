/**
 * A message is a sentence with `{placeholders}`, or its plural forms chosen with
 * `Intl.PluralRules` from the `count` variable ("1 ticket", "2 tickets", never "ticket(s)").
 */
export type Message = string | { readonly one: string; readonly other: string };

/**
 * The English side of a feature's strings is typed from the French one: a key missing
 * or added in one language fails `tsc`, not a user.
 */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : { readonly one: string; readonly other: string } };

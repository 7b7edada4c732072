/**
 * The payment texts' keys, in order, when a build ships each table as its words alone: the
 * script-tag build does (`build/pack-tables.ts` writes the keys here and each table as one
 * string), since a table's keys cost nearly as many bytes as its words and are the same in every
 * language. Undefined in the npm package, whose tables stay objects.
 */
export const paymentKeys: string | undefined = undefined;

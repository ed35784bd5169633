/**
 * Numbers as a person types them on a command line. `Number()` alone takes
 * "" as 0, "0x50" as 80 and "1e3" as 1000; an option that expects an integer
 * gets only an optional minus sign and decimal digits.
 */

/** A safe integer written in decimal digits, or undefined. */
export function integerOption(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A finite decimal number such as 5, 2.5 or .5, or undefined. */
export function decimalOption(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * What users read as a source must name a publication they can look up (author or body, and
 * year: "Choi H et al. J Clin Oncol 2007;25:1753-9", "EORTC RECIST FAQ"), never the project's
 * internal digest ("Spec §2.4", ambiguity ids such as "A-C2") or its issue tracker.
 */

/** An author (or "EORTC … FAQ") followed, within the same citation, by a year. */
export const PUBLICATION = /\b[A-Z][A-Za-z'-]+(?: [A-Z]{1,4})?(?: et al\.)?[^;]{0,80}?\b(?:19|20)\d{2}\b|\bEORTC i?RECIST FAQ\b/
/** References only the project's own notes can resolve. */
export const INTERNAL = [/\bspec\b/i, /\bA-[A-Z]{1,2}\d+\b/, /\bissue #\d+/i, /criteria-spec/i]

/** Why `text` is not a citation a user can follow, or null when it is. */
export function citationProblem(text: string): string | null {
  const internal = INTERNAL.find((re) => re.test(text))
  if (internal) return `cites the project's internal notes (${internal.source})`
  if (!PUBLICATION.test(text)) return 'names no publication (author and year, or the EORTC RECIST FAQ)'
  return null
}

/** A "§" must follow the publication it is a section of ("RECIST 1.1 §4.3.1", "…2009;45:228-47 §3.1"), never stand alone. */
export function bareSection(line: string): boolean {
  for (const m of line.matchAll(/§/g)) {
    const before = line.slice(Math.max(0, m.index - 60), m.index)
    if (!/RECIST 1\.1 $|RECIST_SOURCE\} $|\b(?:19|20)\d{2}\b/.test(before)) return true
  }
  return false
}

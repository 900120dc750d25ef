/**
 * Every criterion's id, in the registry's order, apart from the rules themselves: the app's first
 * screen knows which criteria there are (the saved choice, the default) before the rules have
 * loaded. registry.ts refuses to load when the two lists differ.
 */
export const CRITERION_IDS: readonly string[] = ['recist11', 'choi', 'mchoi', 'who', 'sact', 'mass', 'mda', 'irecist', 'percist', 'volumetric']

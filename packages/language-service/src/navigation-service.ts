import type { DocumentState } from './documents.js';
import { foldingRanges } from './folding.js';
import { documentHighlights } from './highlights.js';
import type { NavigationFeatures } from './navigation-types.js';
import { definition, references } from './navigation.js';
import { prepareRename, rename } from './rename.js';
import { selectionRanges } from './selection.js';
import { documentSymbols } from './symbols.js';

/** The navigation features over the service's document cache. */
export function navigationFeatures(get: (path: string, text: string) => DocumentState): NavigationFeatures {
  return {
    definition: (path, text, offset) => definition(get(path, text), offset),
    references: (path, text, offset, includeDeclaration = true) => references(get(path, text), offset, includeDeclaration),
    documentHighlights: (path, text, offset) => documentHighlights(get(path, text), offset),
    prepareRename: (path, text, offset) => prepareRename(get(path, text), offset),
    rename: (path, text, offset, newName) => rename(get(path, text), offset, newName),
    documentSymbols: (path, text) => documentSymbols(get(path, text)),
    foldingRanges: (path, text) => foldingRanges(get(path, text)),
    selectionRanges: (path, text, offsets) => selectionRanges(get(path, text), offsets),
  };
}

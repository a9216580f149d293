export type { FormatAdapter } from './adapter';
export { discoverFolders, folderContaining, readFolder, type DiscoverOptions, type FolderRef } from './discover';
export { DiskFileView, OverlayFileView, type DirEntry, type FileView } from './files';
export { adapterFor, adapters } from './registry';

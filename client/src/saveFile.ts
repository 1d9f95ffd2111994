import type { FileDownload } from './api';

/** Saves a file the page holds (a download's blob, or text made here) under its name, through a temporary object URL. */
export function saveFile({ blob, fileName }: FileDownload): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked a little later: a browser may start reading the URL only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves data as a file through the browser's download: a blob URL, so nothing leaves the machine. */
export function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked after the click has been handled: some browsers read the URL asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export const downloadTextFile = (filename: string, text: string, type = 'text/csv;charset=utf-8') => downloadBlob(filename, new Blob([text], { type }))

export { fileStem } from '../documentation/human-names.ts'

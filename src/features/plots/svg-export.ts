/**
 * SVG and PNG downloads of a plot. The PNG is drawn by the browser itself: the serialised SVG
 * as a blob URL, loaded into an <img>, drawn on a canvas (drawImage) and encoded by toBlob.
 * No network is involved, and the plots use only system fonts and inline attributes.
 */
import { downloadBlob } from '../../components/download.ts'

/** The SVG element as a standalone document (XMLSerializer writes the SVG namespace on the root). */
export function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement
  const box = svg.viewBox.baseVal
  if (box && box.width) {
    clone.setAttribute('width', String(box.width))
    clone.setAttribute('height', String(box.height))
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`
}

export function downloadSvg(svg: SVGSVGElement, name: string) {
  downloadBlob(`${name}.svg`, new Blob([svgText(svg)], { type: 'image/svg+xml' }))
}

/** Renders the SVG to a PNG at `scale` × its viewBox size, on a white background. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const box = svg.viewBox.baseVal
  const width = Math.round((box?.width || svg.clientWidth || 800) * scale)
  const height = Math.round((box?.height || svg.clientHeight || 400) * scale)
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }))
  try {
    const image = new Image()
    image.decoding = 'sync'
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve()
      image.onerror = () => reject(new Error('the plot could not be drawn as an image'))
      image.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('this browser cannot draw on a canvas')
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, width, height)
    ctx.drawImage(image, 0, 0, width, height)
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'))
  } finally {
    URL.revokeObjectURL(url)
  }
}

export async function downloadPng(svg: SVGSVGElement, name: string) {
  downloadBlob(`${name}.png`, await svgToPng(svg))
}

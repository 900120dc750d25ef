import { useId, useRef, useState, type ReactNode } from 'react'
import { legendOffsets } from '../../documentation/plot-scale.ts'
import { downloadPng, downloadSvg } from './svg-export.ts'

export const PLOT_FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif'

/**
 * A plot as an accessible figure: the SVG is one image (role="img") named by its <title> and
 * described by its <desc>; the data table below is the text alternative; buttons download the
 * SVG and a PNG of it.
 */
export function PlotFigure({
  title,
  description,
  fileName,
  width,
  height,
  children,
  table,
}: {
  title: string
  description: string
  fileName: string
  width: number
  height: number
  children: ReactNode
  /** The plotted values as a table (the text alternative). */
  table: ReactNode
}) {
  const id = useId()
  const ref = useRef<SVGSVGElement>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <figure className="plot" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`} className="plot-caption">
        <strong>{title}</strong>
      </figcaption>
      <svg ref={ref} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="plot-svg" fontFamily={PLOT_FONT} fontSize={12}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
        {children}
      </svg>
      <div className="row plot-actions">
        {/* The plot's title is in the name but not on screen: the visible words stay part of the accessible name (WCAG 2.5.3). */}
        <button type="button" onClick={() => ref.current && downloadSvg(ref.current, fileName)}>
          Download <span className="visually-hidden">{title} </span>as SVG
        </button>
        <button
          type="button"
          onClick={() => {
            setError(null)
            if (ref.current) downloadPng(ref.current, fileName).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
          }}
        >
          Download <span className="visually-hidden">{title} </span>as PNG
        </button>
        {error && <span role="alert" className="field-error">{error}</span>}
      </div>
      <details className="plot-data">
        <summary>Data of “{title}”</summary>
        {table}
      </details>
    </figure>
  )
}

/** A horizontal axis with ticks and a label, drawn at `y`. */
export function XAxis({ ticks, x, y, x0, x1, label, format = String }: { ticks: number[]; x: (v: number) => number; y: number; x0: number; x1: number; label: string; format?: (v: number) => string }) {
  return (
    <g aria-hidden="true">
      <line x1={x0} x2={x1} y1={y} y2={y} stroke="#4f5b67" />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={y} y2={y + 4} stroke="#4f5b67" />
          <text x={x(t)} y={y + 16} textAnchor="middle" fill="#1d2733">{format(t)}</text>
        </g>
      ))}
      <text x={(x0 + x1) / 2} y={y + 32} textAnchor="middle" fill="#1d2733">{label}</text>
    </g>
  )
}

/** A vertical axis with ticks, light grid lines across the plot, and a rotated label. */
export function YAxis({ ticks, y, x, x1, label, format = String }: { ticks: number[]; y: (v: number) => number; x: number; x1: number; label: string; format?: (v: number) => string }) {
  const [top, bottom] = [Math.min(...ticks.map(y)), Math.max(...ticks.map(y))]
  return (
    <g aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x} x2={x1} y1={y(t)} y2={y(t)} stroke="#e3e7eb" />
          <text x={x - 6} y={y(t) + 4} textAnchor="end" fill="#1d2733">{format(t)}</text>
        </g>
      ))}
      <line x1={x} x2={x} y1={top} y2={bottom} stroke="#4f5b67" />
      <text transform={`translate(${x - 42} ${(top + bottom) / 2}) rotate(-90)`} textAnchor="middle" fill="#1d2733">{label}</text>
    </g>
  )
}

/** Colour keys: a swatch and its text, in one row at the top of a plot. */
export function Legend({ items, x, y }: { items: { label: string; colour: string; dash?: string }[]; x: number; y: number }) {
  const offsets = legendOffsets(items.map((i) => i.label), x)
  return (
    <g aria-hidden="true">
      {items.map((item, i) => {
        const start = offsets[i]!
        return (
          <g key={item.label} transform={`translate(${start} ${y})`}>
            {item.dash !== undefined ? <line x1={0} x2={16} y1={-4} y2={-4} stroke={item.colour} strokeWidth={2} strokeDasharray={item.dash} /> : <rect x={0} y={-10} width={12} height={12} fill={item.colour} />}
            <text x={20} y={0} fill="#1d2733">{item.label}</text>
          </g>
        )
      })}
    </g>
  )
}

import type { PersistStorage, StorageValue } from 'zustand/middleware'
import { writeBehind } from '../../src/store/persistence.ts'

/** A storage that records every write. */
function recording() {
  const writes: number[] = []
  const storage: PersistStorage<number> = {
    getItem: () => null,
    setItem: (_name, value: StorageValue<number>) => void writes.push(value.state),
    removeItem: () => {},
  }
  return { storage, writes }
}
const value = (state: number) => ({ state, version: 1 })

describe('the library is written behind the typing', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('writes each change at once when no pause is asked for', () => {
    const { storage, writes } = recording()
    const behind = writeBehind(storage, () => 0)
    void behind.setItem('caliper', value(1))
    void behind.setItem('caliper', value(2))
    expect(writes).toEqual([1, 2])
  })

  it('writes only the latest of a burst of changes, once they pause for the delay', () => {
    const { storage, writes } = recording()
    const behind = writeBehind(storage, () => 400)
    for (let i = 1; i <= 5; i++) {
      void behind.setItem('caliper', value(i))
      vi.advanceTimersByTime(399)
    }
    expect(writes).toEqual([])
    vi.advanceTimersByTime(1)
    expect(writes).toEqual([5])
    vi.advanceTimersByTime(10_000)
    expect(writes).toEqual([5])
  })

  it('writes what is pending when the page is left or hidden, and nothing twice', () => {
    const { storage, writes } = recording()
    const behind = writeBehind(storage, () => 400)
    void behind.setItem('caliper', value(1))
    window.dispatchEvent(new Event('pagehide'))
    expect(writes).toEqual([1])
    void behind.setItem('caliper', value(2))
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    expect(writes).toEqual([1, 2])
    vi.advanceTimersByTime(1_000)
    expect(writes).toEqual([1, 2])
  })
})

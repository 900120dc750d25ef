import { isOsteosarcomaDiagnosis } from '../../criteria/index.ts'

describe('isOsteosarcomaDiagnosis (spec §9 caveats)', () => {
  it.each([
    ['osteosarcoma', true],
    ['High-grade Osteosarcoma of the femur', true],
    ['osteo-sarcoma', true],
    ['osteogenic sarcoma', true],
    ['Ewing sarcoma', false],
    ['chondrosarcoma', false],
    ['', false],
  ])('%j → %s', (diagnosis, expected) => {
    expect(isOsteosarcomaDiagnosis(diagnosis)).toBe(expected)
  })
  it('treats a missing diagnosis as not osteosarcoma', () => {
    expect(isOsteosarcomaDiagnosis(undefined)).toBe(false)
  })
})

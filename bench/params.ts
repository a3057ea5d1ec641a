// The 按规定 parameters in fen, for the hand-written and json-rules-engine implementations.
import { yuanToFen, type HwParams } from './handwritten.ts';
import { PARAMS } from './population.ts';

export const HW_PARAMS: HwParams = {
  企业职业培训补贴标准: yuanToFen(PARAMS.企业职业培训补贴标准),
  职业培训补贴标准: yuanToFen(PARAMS.职业培训补贴标准),
  浙江工匠资助标准: yuanToFen(PARAMS.浙江工匠资助标准),
};

import type { Changeset } from '../../src/diff/changeset.js';
import { diffUnits } from '../../src/diff/diff-units.js';
import type { GateView } from '../../src/orchestrator/views.js';
import type { Plan } from '../../src/plan/plan.js';
import { articleTexts, law, rec } from '../diff/units.js';

export const PLAN: Plan = {
  version: 1,
  document: 'KB-6839',
  prefix: 'ICX-CONST',
  mode: 'dryrun',
  source: 'embedded',
  cut: { profile: 'vn-legal', unit: 'clause' },
  policy: { maxUnits: 5000, maxRetireRatio: 0.2 },
  approvals: {},
};

export function view(changeset: Changeset, extra: Partial<GateView> = {}): GateView {
  return {
    gate: 'SG_1',
    runId: null,
    plan: PLAN,
    document: { id: 'KB-6839', title: 'Điều lệ Công ty ICX', revision: 7 },
    fingerprint: `sha256:${'3f9a'.repeat(16)}`,
    changeset,
    diagnostics: [],
    notes: [],
    ...extra,
  };
}

/** One of each kind, as DESIGN §6 shows them. */
export function everyKind(): Changeset {
  const p = 'ICX-CONST';
  const existing = [
    rec(`${p}-D44-K1`, '1. Cổ đông có quyền tham dự họp.\n', 1, 'Điều 44, khoản 1'),
    rec(`${p}-D44-K2`, '2. Công ty phải lưu giữ sổ đăng ký cổ đông.\n', 2, 'Điều 44, khoản 2'),
    rec(`${p}-D45`, 'Điều 45. Quyền của cổ đông phổ thông\n', 3, 'Điều 45. Quyền của cổ đông phổ thông'),
    rec(`${p}-D99-K3`, '3. Điều khoản chuyển tiếp áp dụng đến hết năm 2025.\n', 4, 'Điều 99, khoản 3'),
  ];
  const candidate = [
    rec(`${p}-D44-K1`, '1. Cổ đông có quyền tham dự họp.\n', 1, 'Điều 44, khoản 1'),
    rec(`${p}-D44-K2`, '2. Công ty phải lưu giữ và công bố sổ đăng ký cổ đông.\n', 2, 'Điều 44, khoản 2'),
    rec(`${p}-D45`, 'Điều 45. Nghĩa vụ bảo mật thông tin\n', 3, 'Điều 45. Nghĩa vụ bảo mật thông tin'),
    rec(`${p}-D46`, 'Điều 46. Quyền của cổ đông phổ thông\n', 4, 'Điều 46. Quyền của cổ đông phổ thông'),
    rec(`${p}-D219`, 'Điều 219. Hiệu lực thi hành\n', 5, 'Điều 219. Hiệu lực thi hành'),
  ];
  return diffUnits(existing, candidate);
}

/** An article inserted at the top of a law of `n`, plus one edit. */
export function storm(n: number): Changeset {
  const texts = articleTexts(n);
  const edited = [...texts];
  edited[n - 1] = `${edited[n - 1]} Sửa đổi.`;
  return diffUnits(law(texts, 'ICX-CONST'), law(['Giải thích từ ngữ.', ...edited], 'ICX-CONST'));
}

// Deterministic generator of a synthetic Vietnamese law in web-converted Markdown, for the cut
// benchmark: parts, chapters, sections, articles with clauses and points, markers in the
// decorations real converters produce, and the mid-sentence references that must not cut.
// Same seed and size, same text, byte for byte.

const WORDS = (
  'cơ quan tổ chức cá nhân quyền nghĩa vụ trách nhiệm quản lý nhà nước công ty cổ đông hội đồng ' +
  'quản trị thành viên thực hiện quy định pháp luật văn bản hồ sơ dữ liệu thông tin lưu trữ bảo mật ' +
  'điện tử giao dịch hợp đồng tài sản vốn điều lệ cổ phần phát hành chuyển nhượng biểu quyết cuộc họp ' +
  'nghị quyết quyết định thẩm quyền kiểm soát báo cáo công bố định kỳ hằng năm trường hợp theo đúng ' +
  'bảo đảm phù hợp với yêu cầu điều kiện thủ tục thời hạn kể từ ngày được có không phải và hoặc của'
).split(' ');

const TITLES = [
  'Phạm vi điều chỉnh', 'Đối tượng áp dụng', 'Giải thích từ ngữ', 'Nguyên tắc chung', 'Quyền và nghĩa vụ',
  'Trách nhiệm quản lý', 'Hồ sơ và thủ tục', 'Thời hạn lưu trữ', 'Bảo mật thông tin', 'Xử lý vi phạm',
  'Chế độ báo cáo', 'Kiểm tra, giám sát', 'Hiệu lực thi hành', 'Điều khoản chuyển tiếp',
];

const POINT_LETTERS = 'abcdđeghiklmnopq';

/** mulberry32: a small seeded PRNG, so the corpus is the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROMAN = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
function roman(n) {
  let out = '';
  for (const [v, s] of ROMAN) while (n >= v) { out += s; n -= v; }
  return out;
}

/**
 * A Vietnamese law of about `targetBytes` UTF-8 bytes. Returns the text and how many markers of
 * each level it wrote, so a benchmark can check that the cut found exactly those.
 */
export function generateVnLaw({ targetBytes, seed = 1 }) {
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  let article = 0;
  const sentence = () => {
    const n = int(8, 22);
    const words = [];
    for (let i = 0; i < n; i += 1) words.push(pick(WORDS));
    const r = rand();
    // References that look like markers but sit mid-sentence.
    if (r < 0.15 && article > 1) words.splice(int(1, words.length - 1), 0, `theo quy định tại Điều ${int(1, article)} của Luật này`);
    else if (r < 0.25) words.splice(int(1, words.length - 1), 0, 'quy định tại khoản 2 Điều này');
    else if (r < 0.3) words.splice(int(1, words.length - 1), 0, 'Điều lệ công ty');
    const s = words.join(' ');
    return s[0].toUpperCase() + s.slice(1);
  };
  const counts = { part: 0, chapter: 0, section: 0, article: 0, clause: 0, point: 0 };
  const out = ['# LUẬT LƯU TRỮ DỮ LIỆU SỐ', '', `Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; ${sentence()}.`, ''];
  let bytes = 0;
  const push = (line) => {
    out.push(line, '');
    bytes += Buffer.byteLength(line) + 2;
  };
  let chapter = 0;
  while (bytes < targetBytes) {
    counts.part += 1;
    push(`## PHẦN ${roman(counts.part)}`);
    for (let c = int(6, 12); c > 0 && bytes < targetBytes; c -= 1) {
      chapter += 1;
      counts.chapter += 1;
      push(rand() < 0.5 ? `## Chương ${roman(chapter)}` : `**CHƯƠNG ${roman(chapter)}**`);
      push(`**${sentence().toUpperCase().slice(0, 60)}**`);
      const sections = rand() < 0.3 ? int(2, 3) : 0;
      for (let s = 0; s <= sections; s += 1) {
        if (sections > 0) {
          counts.section += 1;
          push(`### Mục ${s + 1}. ${pick(TITLES).toUpperCase()}`);
        }
        for (let a = int(4, 14); a > 0; a -= 1) writeArticle();
      }
    }
  }
  return { text: out.join('\n'), counts };

  function writeArticle() {
    article += 1;
    counts.article += 1;
    const title = `Điều ${article}. ${pick(TITLES)}`;
    const r = rand();
    push(r < 0.5 ? `### ${title}` : r < 0.7 ? `**Điều ${article}.** ${title.slice(title.indexOf('.') + 2)}` : r < 0.85 ? title : r < 0.95 ? `[**${title}**]()` : `<a name="dieu_${article}"></a>**${title}**`);
    const clauses = rand() < 0.15 ? 0 : int(1, 6);
    if (clauses === 0) push(`${sentence()}; ${sentence().toLowerCase()}.`);
    for (let k = 1; k <= clauses; k += 1) {
      counts.clause += 1;
      const points = rand() < 0.3 ? int(2, 6) : 0;
      push(`${k}${rand() < 0.1 ? '\\.' : '.'} ${sentence()}${points > 0 ? ':' : '.'}`);
      for (let p = 0; p < points; p += 1) {
        counts.point += 1;
        push(`${rand() < 0.3 ? '- ' : ''}${POINT_LETTERS[p]}) ${sentence().toLowerCase()};`);
      }
    }
  }
}

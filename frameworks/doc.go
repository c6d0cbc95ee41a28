// Package frameworks ships ready-made responsibility frameworks (责任体系) as
// data: levels (层级), post kinds (岗位) and numbered clauses (责任条目), each
// clause tagged with a dimension (建设维度) and with the regulation it rests on.
//
// Two frameworks are embedded:
//
//   - [SanjiWugang], 三级五岗: 党组（党委） → 机关党委（党总支） → 党支部, with the
//     five posts 党组（党委）书记 (第一责任人), 党组（党委）其他成员 (一岗双责),
//     机关党委书记 (直接责任), 机关纪委书记 (监督责任) and 党支部书记 (具体责任).
//     It is the framework the [github.com/zerenlab/zeren/sample] data follows.
//   - [SijiSigang], 四级四岗: the supervising 机关工委 above the three levels,
//     with four secretaries. It exists to show that levels, posts and clauses
//     are configuration, not code.
//
// The frameworks are stored as protojson documents (zeren.v1.Framework) in the
// package's data directory and parsed once when the package is initialised.
// Every accessor returns a fresh deep copy, so callers may modify what they
// get without affecting other callers; all functions are safe for concurrent
// use.
//
// Clause texts paraphrase 《党委（党组）落实全面从严治党主体责任规定》(2020),
// 《中国共产党党和国家机关基层组织工作条例》(2019), 《中国共产党问责条例》(2019),
// 《党委（党组）书记抓基层党建工作述职评议考核办法（试行）》 and
// 《中国共产党支部工作条例（试行）》. A basis names an article only where the
// article number is certain; otherwise it names the regulation and its
// chapter. A locality adapts a framework by copying and editing the JSON.
package frameworks

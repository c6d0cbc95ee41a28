// Package sample holds the data of 示例市, a fictional prefecture-level city
// whose organs run Party building through the 三级五岗 framework
// ([github.com/zerenlab/zeren/frameworks.SanjiWugang]). It is shaped like the
// "**市" of the seed report: a 市直机关工委 (中共示例市直属机关工作委员会) that
// leads the Party work of the city organs; ten 市直单位 — 市财政局, 市发展改革委,
// 市教育局, 市民政局, 市人力资源社会保障局, 市住房城乡建设局, 市交通运输局,
// 市卫生健康委, 市审计局 and 市自然资源规划局 — of which 市财政局 and 市发展改革委
// are key units (重点单位) inspected on site; and one 中央驻市单位, 国家税务总局
// 示例市税务局, whose top organisation is a 党委 rather than a 党组. Every unit
// has its 党组（党委）, a 机关党委（党总支） with a 机关纪委书记, and two to four
// 党支部; all posts are filled on every day of 2026. The year holds the cases
// the library must get right: a 党组书记 rotation at 市财政局 on 2026-07-01
// ([RotationDate]), an acting (代理) branch secretary at 市教育局, and a
// delegated (委托) 机关党委书记 at 市发展改革委 while the regular holder is on
// study leave. About a hundred people hold the posts; some 党组成员 who
// oversee 机关党建 also hold the 机关党委书记 post, as is common practice.
//
// [Structure] returns the data as a zeren.v1.Structure; [StructureFourLevel]
// returns a smaller cut (the 工委 and three units) for the 四级四岗 variant
// ([github.com/zerenlab/zeren/frameworks.SijiSigang]), where the 工委 is the
// top organisation. The exported constants name the records that examples and
// tests rely on. All names of people are invented.
//
// The data are embedded JSON (protojson of zeren.v1.Structure) generated from
// Go tables by `go generate ./sample` (see internal/gen). Calendar dates are
// written as the instant the day begins in [Location] (UTC+8), e.g.
// "2026-07-01T00:00:00+08:00"; intervals are half-open, [start, end).
//
// The 2026 assessment data are tied together as an OA's would be: [Plan] is
// the year's 三个清单; [Input2026] holds its decomposed assignments, the
// progress reported on them, the findings and cases, as package unitfacts
// reads them; [Facts2026] is what unitfacts.Build makes of them, the facts
// zerend also builds from the same records; [IndicatorSystem] names the plan
// it scores and selects tasks by kind and dimension.
//
// All functions are safe for concurrent use; each call returns a fresh copy.
package sample

// Package report renders the 机关工委's annual report on Party-building
// responsibility (年度专题报告) as one self-contained HTML page: inline CSS
// and SVG charts, no script, no external font or image, so that it opens
// offline on an intranet and prints on A4.
//
// Its sections follow the report a 机关工委 sends the 市委: 总体情况,
// 责任体系覆盖, 任务分解与完成 (with the 上热中温下冷 chart by level),
// 督查发现 by dimension, 考核结果 (the ranking with unit names, the grade
// distribution and the 两张皮 scatter of party score against business
// score), 述职评议, 问责建议与处理, and a derivation page per unit.
//
// Every figure comes from the library's results — the hierarchy's coverage,
// checklist roll-ups, [github.com/zerenlab/zeren/analytics], assessment
// results and accountability proposals — passed in an [Input]; the page
// states those figures and draws no conclusion the data does not state.
// [Render] is pure: it reads no clock and does no I/O beyond writing the page.
//
// Charts carry machine-readable marks for checking: each bar is an SVG
// rect of class "bar" and each scatter point a circle of class "point",
// with data-label and data-value attributes; the ranking is the table
// #ranking with a data-unit attribute per row.
package report

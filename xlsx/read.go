package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Limits bound what an import reads, so that a hostile workbook is refused
// before it costs more than a request may.
type Limits struct {
	// MaxBytes is the largest file accepted. Default 32 MiB, zerend's
	// request limit.
	MaxBytes int64
	// MaxUnzipped is the largest total uncompressed size of the file's parts
	// (a zip bomb expands far beyond it). Default 128 MiB.
	MaxUnzipped int64
	// MaxRows is the most rows a sheet may have, header included. Default
	// 100,000.
	MaxRows int
	// MaxColumns is the most columns a row may have. Default 64.
	MaxColumns int
}

// DefaultLimits returns the limits an import uses unless [WithLimits] says
// otherwise.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 32 << 20, MaxUnzipped: 128 << 20, MaxRows: 100_000, MaxColumns: 64}
}

// open reads the file within the limits and opens it with excelize.
func open(r io.Reader, lim Limits) (*excelize.File, error) {
	var ps problems
	b, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("xlsx: read the workbook: %w", err)
	}
	if int64(len(b)) > lim.MaxBytes {
		ps.add("", "", "", CodeTooLarge,
			fmt.Sprintf("文件超过 %d 字节的上限", lim.MaxBytes),
			fmt.Sprintf("the file exceeds the limit of %d bytes", lim.MaxBytes))
		return nil, ps.err()
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		ps.add("", "", "", CodeFormat, "不是 .xlsx 工作簿（无法按 zip 读取）", "not an .xlsx workbook (not a zip archive)")
		return nil, ps.err()
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(lim.MaxUnzipped) || zf.UncompressedSize64 > uint64(lim.MaxUnzipped) {
			ps.add("", "", "", CodeTooLarge,
				fmt.Sprintf("工作簿解压后超过 %d 字节的上限（疑似压缩炸弹）", lim.MaxUnzipped),
				fmt.Sprintf("the workbook expands beyond the limit of %d bytes (a zip bomb?)", lim.MaxUnzipped))
			return nil, ps.err()
		}
	}
	// Decompress every part once: a part longer than its header says (a
	// bomb that lies about its size) or a corrupt one is refused here rather
	// than truncated silently.
	for _, zf := range zr.File {
		if err := checkPart(zf); err != nil {
			ps.add("", "", "", CodeFormat,
				fmt.Sprintf("工作簿已损坏：部件 %s 无法解压（%v）", zf.Name, err),
				fmt.Sprintf("the workbook is corrupt: part %s does not decompress (%v)", zf.Name, err))
			return nil, ps.err()
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzipped,
		UnzipXMLSizeLimit: lim.MaxUnzipped, // keep every part in memory: no temporary files
	})
	if err != nil {
		ps.add("", "", "", CodeFormat, "无法打开工作簿："+err.Error(), "cannot open the workbook: "+err.Error())
		return nil, ps.err()
	}
	return f, nil
}

func checkPart(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
	if err != nil {
		return err
	}
	if uint64(n) != zf.UncompressedSize64 {
		return zip.ErrFormat
	}
	return nil
}

// column is a column of an imported sheet.
type column struct {
	header   string
	required bool // the header must be present
}

// table is a sheet read into memory: the header's positions and the data
// rows, with their row numbers.
type table struct {
	sheet string
	pos   map[string]int // header → 0-based column
	rows  []tableRow
}

type tableRow struct {
	n     int // 1-based row number
	cells []string
}

// readTable reads a sheet whose first row holds the headers of cols. It
// reports a missing sheet or header, unknown headers, merged cells, formulas,
// and sheets beyond the limits; ok is false when the sheet's rows cannot be
// read as records (a missing sheet or header, a sheet beyond the limits).
func readTable(f *excelize.File, sheet string, cols []column, lim Limits, ps *problems) (*table, bool) {
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		ps.add(sheet, "", "", CodeFormat, "缺少工作表“"+sheet+"”", "the sheet "+strconv.Quote(sheet)+" is missing")
		return nil, false
	}
	t := &table{sheet: sheet, pos: map[string]int{}}
	ok := true
	rows, err := f.Rows(sheet)
	if err != nil {
		ps.add(sheet, "", "", CodeFormat, "无法读取工作表："+err.Error(), "cannot read the sheet: "+err.Error())
		return nil, false
	}
	defer rows.Close()
	known := map[string]bool{}
	for _, c := range cols {
		known[c.header] = true
	}
	n := 0
	for rows.Next() {
		n++
		if n > lim.MaxRows {
			ps.add(sheet, "", "", CodeTooLarge,
				fmt.Sprintf("工作表超过 %d 行的上限", lim.MaxRows),
				fmt.Sprintf("the sheet has more than %d rows", lim.MaxRows))
			return nil, false
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			ps.add(sheet, fmt.Sprintf("%d:%d", n, n), "", CodeFormat, "无法读取该行："+err.Error(), "cannot read the row: "+err.Error())
			return nil, false
		}
		if len(cells) > lim.MaxColumns {
			ps.add(sheet, fmt.Sprintf("%d:%d", n, n), "", CodeTooLarge,
				fmt.Sprintf("该行超过 %d 列的上限", lim.MaxColumns),
				fmt.Sprintf("the row has more than %d columns", lim.MaxColumns))
			return nil, false
		}
		if n == 1 {
			for i, h := range cells {
				h = strings.TrimSpace(h)
				if h == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(i+1, 1)
				if !known[h] {
					ps.add(sheet, cell, h, CodeFormat, "未知的列“"+h+"”", "unknown column "+strconv.Quote(h))
					ok = false
					continue
				}
				if _, dup := t.pos[h]; dup {
					ps.add(sheet, cell, h, CodeFormat, "列“"+h+"”重复", "column "+strconv.Quote(h)+" appears twice")
					ok = false
					continue
				}
				t.pos[h] = i
			}
			continue
		}
		blank := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if !blank {
			t.rows = append(t.rows, tableRow{n: n, cells: cells})
		}
	}
	if err := rows.Error(); err != nil {
		ps.add(sheet, "", "", CodeFormat, "无法读取工作表："+err.Error(), "cannot read the sheet: "+err.Error())
		return nil, false
	}
	// Only now, with the sheet known to be within the limits, is its XML
	// decoded whole (merged cells and formulas need it); the row count above
	// streams.
	merged, err := f.GetMergeCells(sheet, true)
	if err != nil {
		ps.add(sheet, "", "", CodeFormat, "无法读取合并单元格："+err.Error(), "cannot read merged cells: "+err.Error())
		return nil, false
	}
	for _, m := range merged {
		ref := m.GetStartAxis() + ":" + m.GetEndAxis()
		ps.add(sheet, ref, "", CodeMerged, "合并单元格 "+ref+"：请取消合并，每个单元格填写一个值",
			"merged cells "+ref+": unmerge them and fill each cell")
	}
	for _, c := range cols {
		if _, has := t.pos[c.header]; !has && c.required {
			ps.add(sheet, "1:1", c.header, CodeFormat, "表头缺少列“"+c.header+"”", "the header lacks the column "+strconv.Quote(c.header))
			ok = false
		}
	}
	// Formulas where values are expected: every cell of a known column.
	for _, r := range t.rows {
		for h, i := range t.pos {
			cell, _ := excelize.CoordinatesToCellName(i+1, r.n)
			if fm, err := f.GetCellFormula(sheet, cell); err == nil && fm != "" {
				fm = "=" + strings.TrimPrefix(fm, "=")
				ps.add(sheet, cell, h, CodeFormula, "应填写数值，不能使用公式（"+fm+"）",
					"a value is expected, not a formula ("+fm+")")
			}
		}
	}
	return t, ok
}

// rowReader reads the typed cells of one row, adding a located problem for
// each cell that does not parse.
type rowReader struct {
	t  *table
	r  tableRow
	ps *problems
}

func (t *table) row(r tableRow, ps *problems) rowReader { return rowReader{t: t, r: r, ps: ps} }

// cell returns the cell's name (e.g. D14) for a header, or the row ("14:14")
// when the sheet lacks the column.
func (rr rowReader) cell(h string) string {
	if i, ok := rr.t.pos[h]; ok {
		c, _ := excelize.CoordinatesToCellName(i+1, rr.r.n)
		return c
	}
	return fmt.Sprintf("%d:%d", rr.r.n, rr.r.n)
}

func (rr rowReader) add(h string, code Code, zh, en string) {
	rr.ps.add(rr.t.sheet, rr.cell(h), h, code, zh, en)
}

func (rr rowReader) str(h string) string {
	i, ok := rr.t.pos[h]
	if !ok || i >= len(rr.r.cells) {
		return ""
	}
	return strings.TrimSpace(rr.r.cells[i])
}

func (rr rowReader) required(h string) string {
	s := rr.str(h)
	if s == "" {
		rr.add(h, CodeMissing, "必填项为空", "required cell is empty")
	}
	return s
}

func (rr rowReader) enum(h string, e enumLabels) int32 {
	s := rr.str(h)
	n, ok := e.parse(s)
	if !ok {
		rr.add(h, CodeValue, fmt.Sprintf("“%s”不是可选值（%s）", s, strings.Join(e.choices(), "、")),
			fmt.Sprintf("%q is not one of the choices (%s)", s, strings.Join(e.choices(), ", ")))
	}
	return n
}

func (rr rowReader) float(h string) float64 {
	s := rr.str(h)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		rr.add(h, CodeValue, fmt.Sprintf("不是数字：“%s”", s), fmt.Sprintf("not a number: %q", s))
		return 0
	}
	return v
}

func (rr rowReader) int32(h string) int32 {
	s := rr.str(h)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != math.Trunc(v) || v < math.MinInt32 || v > math.MaxInt32 {
		rr.add(h, CodeValue, fmt.Sprintf("不是整数：“%s”", s), fmt.Sprintf("not a whole number: %q", s))
		return 0
	}
	return int32(v)
}

func (rr rowReader) bool(h string) bool {
	s := rr.str(h)
	b, ok := parseYesNo(s)
	if !ok {
		rr.add(h, CodeValue, fmt.Sprintf("应填“是”或“否”：“%s”", s), fmt.Sprintf("want 是 or 否 (yes or no): %q", s))
	}
	return b
}

func (rr rowReader) list(h string) []string { return splitList(rr.str(h)) }

func (rr rowReader) time(h string) *timestamppb.Timestamp {
	s := rr.str(h)
	if s == "" {
		return nil
	}
	t, err := parseTime(s)
	if err != nil {
		rr.add(h, CodeValue, fmt.Sprintf("不是日期：“%s”", s), fmt.Sprintf("not a date: %q", s))
		return nil
	}
	return timestamppb.New(t)
}

// Beijing is the time zone of every date in a workbook (UTC+8, no daylight
// saving).
var Beijing = time.FixedZone("CST", 8*3600)

// excelEpoch is day 0 of Excel's 1900 date system (after 1900-03-01).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial converts an instant to an Excel date serial of its Beijing wall
// clock, to the second.
func serial(t time.Time) float64 {
	b := t.In(Beijing)
	wall := time.Date(b.Year(), b.Month(), b.Day(), b.Hour(), b.Minute(), b.Second(), 0, time.UTC)
	return float64(wall.Sub(excelEpoch)/time.Second) / 86400
}

var errNotDate = errors.New("not a date")

// parseTime reads a date serial or a written date as Beijing time.
func parseTime(s string) (time.Time, error) {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(v) || v < 61 || v > 2958465 { // 1900-03-01 … 9999-12-31
			return time.Time{}, errNotDate
		}
		w := excelEpoch.Add(time.Duration(math.Round(v*86400)) * time.Second)
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, Beijing), nil
	}
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006-1-2", "2006年1月2日", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006/1/2 15:04"} {
		if t, err := time.ParseInLocation(layout, s, Beijing); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errNotDate
}

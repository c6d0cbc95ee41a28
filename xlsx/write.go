package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// col describes a column of a written sheet.
type col struct {
	header string
	// list names a drop-down list of the 选项 sheet (see book.list).
	list string
	// prec is the number of decimals of a number column; -1 for a number
	// written at full precision in the General format.
	prec int
}

// date and stamp are cell values written as Beijing dates (or date-times
// when the time of day is not midnight).
type date struct{ t time.Time }

// num is a number cell at a precision (decimals), -1 for full precision.
type num struct {
	v    float64
	prec int
}

// book builds a workbook.
type book struct {
	f        *excelize.File
	sheets   int
	header   int
	dateSt   int
	stampSt  int
	wrap     int
	numSt    map[int]int
	lists    map[string]string // list name → absolute range on the 选项 sheet
	listCols int
	listData [][]string
	// streamed is set once a sheet was written by streamTable: such a
	// sheet must not be read back into memory (SetActiveSheet would).
	streamed bool
}

const optionsSheet = "选项"

func newBook() (*book, error) {
	f := excelize.NewFile()
	b := &book{f: f, numSt: map[int]int{}, lists: map[string]string{}}
	var err error
	if b.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
	}); err != nil {
		return nil, err
	}
	fmtDate, fmtStamp := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	if b.dateSt, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate}); err != nil {
		return nil, err
	}
	if b.stampSt, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStamp}); err != nil {
		return nil, err
	}
	if b.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *book) numStyle(prec int) (int, error) {
	if prec < 0 {
		return 0, nil
	}
	if st, ok := b.numSt[prec]; ok {
		return st, nil
	}
	f := "0"
	if prec > 0 {
		f += "." + strings.Repeat("0", prec)
	}
	st, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &f})
	b.numSt[prec] = st
	return st, err
}

// addSheet adds a sheet, renaming the new file's default sheet for the first.
func (b *book) addSheet(name string) error {
	b.sheets++
	if b.sheets == 1 {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// list registers a drop-down list; write puts it on the hidden 选项 sheet,
// after the sheets people fill.
func (b *book) list(name string, choices []string) error {
	if _, ok := b.lists[name]; ok || len(choices) == 0 {
		return nil
	}
	b.listCols++
	c, _ := excelize.ColumnNumberToName(b.listCols)
	b.lists[name] = fmt.Sprintf("'%s'!$%s$2:$%s$%d", optionsSheet, c, c, len(choices)+1)
	b.listData = append(b.listData, append([]string{name}, choices...))
	return nil
}

func (b *book) writeLists() error {
	if len(b.listData) == 0 {
		return nil
	}
	if _, err := b.f.NewSheet(optionsSheet); err != nil {
		return err
	}
	for i, l := range b.listData {
		c, _ := excelize.ColumnNumberToName(i + 1)
		for j, s := range l {
			if err := b.f.SetCellStr(optionsSheet, c+strconv.Itoa(j+1), s); err != nil {
				return err
			}
		}
	}
	return b.f.SetSheetVisible(optionsSheet, false)
}

// table writes a sheet: a bold, frozen header row, the rows, widths that fit
// the Chinese text, and the drop-downs of its columns over the rows written
// and some empty ones to fill.
func (b *book) table(name string, cols []col, rows [][]any) error {
	if err := b.addSheet(name); err != nil {
		return err
	}
	f := b.f
	widths := make([]int, len(cols))
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(name, cell, c.header); err != nil {
			return err
		}
		widths[i] = textWidth(c.header)
	}
	last, _ := excelize.CoordinatesToCellName(max(len(cols), 1), 1)
	if err := f.SetCellStyle(name, "A1", last, b.header); err != nil {
		return err
	}
	for r, row := range rows {
		for i, v := range row {
			if i >= len(cols) || v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			w, err := b.put(name, cell, v, cols[i].prec)
			if err != nil {
				return err
			}
			widths[i] = max(widths[i], w)
		}
	}
	for i, w := range widths {
		c, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, c, c, float64(min(max(w+2, 8), 50))); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	end := len(rows) + 200
	for i, c := range cols {
		ref, ok := b.lists[c.list]
		if c.list == "" || !ok {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, end)
		dv.SetSqrefDropList(ref)
		dv.SetError(excelize.DataValidationErrorStyleStop, c.header, "请从下拉列表中选择")
		if err := f.AddDataValidation(name, dv); err != nil {
			return err
		}
	}
	return nil
}

// put writes one cell and returns its display width.
func (b *book) put(sheet, cell string, v any, prec int) (int, error) {
	f := b.f
	switch x := v.(type) {
	case string:
		if x == "" {
			return 0, nil
		}
		w := 0
		for _, line := range strings.Split(x, "\n") {
			w = max(w, textWidth(line))
		}
		if err := f.SetCellStr(sheet, cell, x); err != nil {
			return 0, err
		}
		if strings.Contains(x, "\n") || w > 48 {
			return w, f.SetCellStyle(sheet, cell, cell, b.wrap)
		}
		return w, nil
	case date:
		if x.t.IsZero() {
			return 0, nil
		}
		st, w := b.dateSt, 10
		if bt := x.t.In(Beijing); bt.Hour() != 0 || bt.Minute() != 0 || bt.Second() != 0 {
			st, w = b.stampSt, 19
		}
		if err := f.SetCellFloat(sheet, cell, serial(x.t), -1, 64); err != nil {
			return 0, err
		}
		return w, f.SetCellStyle(sheet, cell, cell, st)
	case num:
		// The shortest decimal that reads back as the same float64, with no
		// cut to Excel's 15 displayed digits: the file keeps the system's
		// value exactly.
		exact := strconv.FormatFloat(x.v, 'f', -1, 64)
		decimals := 0
		if i := strings.IndexByte(exact, '.'); i >= 0 {
			decimals = len(exact) - i - 1
		}
		if err := f.SetCellFloat(sheet, cell, x.v, decimals, 64); err != nil {
			return 0, err
		}
		w := len(strconv.FormatFloat(x.v, 'f', x.prec, 64))
		if x.prec >= 0 {
			st, err := b.numStyle(x.prec)
			if err != nil {
				return 0, err
			}
			return w, f.SetCellStyle(sheet, cell, cell, st)
		}
		return w, nil
	case float64:
		return b.put(sheet, cell, num{x, prec}, prec)
	case int:
		return b.put(sheet, cell, num{float64(x), -1}, -1)
	case int32:
		return b.put(sheet, cell, num{float64(x), -1}, -1)
	}
	return 0, fmt.Errorf("xlsx: cell %s!%s: unsupported value %T", sheet, cell, v)
}

// textWidth is the width of s in Excel's character units: a Chinese
// character takes two.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) || r == '“' || r == '”' {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// write saves the workbook.
func (b *book) write(w io.Writer) error {
	if err := b.writeLists(); err != nil {
		return err
	}
	if !b.streamed {
		// A new file's first sheet is already the active one; setting it
		// again parses every sheet, streamed ones included, into memory.
		b.f.SetActiveSheet(0)
	}
	_, err := b.f.WriteTo(w)
	return err
}

// streamTable writes a sheet like [book.table] — bold frozen header, widths
// that fit the text, the same cell values and styles — through excelize's
// StreamWriter, so that a sheet of a million rows costs the workbook a
// bounded buffer (spilled to a temporary file past excelize.StreamChunkSize)
// instead of a cell tree in memory. The rows are asked for twice by index,
// once to fit the widths and once to write them, so the caller need not
// hold them. Columns with drop-down lists are not supported: the sheets
// written this way are exports, not forms.
func (b *book) streamTable(name string, cols []col, n int, row func(i int) []any) error {
	for _, c := range cols {
		if c.list != "" {
			return fmt.Errorf("xlsx: sheet %s: a streamed sheet has no drop-down lists (column %s)", name, c.header)
		}
	}
	b.sheets++
	if b.sheets == 1 {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = textWidth(c.header)
	}
	for r := range n {
		for i, v := range row(r) {
			if i < len(cols) && v != nil {
				widths[i] = max(widths[i], cellWidth(v, cols[i].prec))
			}
		}
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	b.streamed = true
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(w+2, 8), 50))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(cols))
	for i, c := range cols {
		cells[i] = excelize.Cell{StyleID: b.header, Value: c.header}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for r := range n {
		clear(cells)
		for i, v := range row(r) {
			if i >= len(cols) || v == nil {
				continue
			}
			if cells[i], err = b.streamCell(v, cols[i].prec); err != nil {
				return fmt.Errorf("xlsx: sheet %s, row %d: %w", name, r+2, err)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// streamCell is the StreamWriter cell of a value, with the style and number
// text [book.put] gives it.
func (b *book) streamCell(v any, prec int) (any, error) {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil, nil
		}
		if strings.Contains(x, "\n") || cellWidth(x, prec) > 48 {
			return excelize.Cell{StyleID: b.wrap, Value: x}, nil
		}
		return x, nil
	case date:
		if x.t.IsZero() {
			return nil, nil
		}
		st := b.dateSt
		if bt := x.t.In(Beijing); bt.Hour() != 0 || bt.Minute() != 0 || bt.Second() != 0 {
			st = b.stampSt
		}
		return excelize.Cell{StyleID: st, Value: serial(x.t)}, nil
	case num:
		// The StreamWriter writes a float64 as its shortest exact decimal,
		// as put does.
		if x.prec >= 0 {
			st, err := b.numStyle(x.prec)
			if err != nil {
				return nil, err
			}
			return excelize.Cell{StyleID: st, Value: x.v}, nil
		}
		return x.v, nil
	case float64:
		return b.streamCell(num{x, prec}, prec)
	case int:
		return float64(x), nil
	case int32:
		return float64(x), nil
	}
	return nil, fmt.Errorf("unsupported value %T", v)
}

// cellWidth is the display width [book.put] reports for a value.
func cellWidth(v any, prec int) int {
	switch x := v.(type) {
	case string:
		w := 0
		for _, line := range strings.Split(x, "\n") {
			w = max(w, textWidth(line))
		}
		return w
	case date:
		if x.t.IsZero() {
			return 0
		}
		if bt := x.t.In(Beijing); bt.Hour() != 0 || bt.Minute() != 0 || bt.Second() != 0 {
			return 19
		}
		return 10
	case num:
		return len(strconv.FormatFloat(x.v, 'f', x.prec, 64))
	case float64:
		return len(strconv.FormatFloat(x, 'f', prec, 64))
	case int:
		return len(strconv.Itoa(x))
	case int32:
		return len(strconv.Itoa(int(x)))
	}
	return 0
}

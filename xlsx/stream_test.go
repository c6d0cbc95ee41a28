package xlsx_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/xlsx"
)

// TestStreamedAssignmentsReadLikeTheCellByCellWorkbook compares every sheet
// of the streamed 分解表 with the one written cell by cell: the same values
// (raw and formatted), styles' number formats and fonts, column widths and
// frozen header.
func TestStreamedAssignmentsReadLikeTheCellByCellWorkbook(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	streamed := open(t, func(b *bytes.Buffer) error {
		return xlsx.WriteAssignments(b, y.plan, y.sim.Assignments, xlsx.WithHierarchy(y.h))
	})
	inMemory := open(t, func(b *bytes.Buffer) error {
		return xlsx.WriteAssignmentsInMemory(b, y.plan, y.sim.Assignments, xlsx.WithHierarchy(y.h))
	})
	require.Equal(t, inMemory.GetSheetList(), streamed.GetSheetList())
	require.Greater(t, len(streamed.GetSheetList()), 2)
	compared := 0
	for _, sheet := range streamed.GetSheetList() {
		want, got := rows(t, inMemory, sheet), rows(t, streamed, sheet)
		require.Equal(t, want, got, "sheet %s", sheet)
		wp, err := inMemory.GetPanes(sheet)
		require.NoError(t, err)
		gp, err := streamed.GetPanes(sheet)
		require.NoError(t, err)
		assert.Equal(t, wp.Freeze, gp.Freeze, "sheet %s: frozen header", sheet)
		assert.Equal(t, wp.YSplit, gp.YSplit, "sheet %s", sheet)
		for r := range want {
			for c := range want[r] {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				assert.Equal(t, raw(t, inMemory, sheet, cell), raw(t, streamed, sheet, cell), "%s!%s raw", sheet, cell)
				assert.Equal(t, style(t, inMemory, sheet, cell), style(t, streamed, sheet, cell), "%s!%s style", sheet, cell)
				compared++
				if r == 0 {
					col, _ := excelize.ColumnNumberToName(c + 1)
					ww, err := inMemory.GetColWidth(sheet, col)
					require.NoError(t, err)
					gw, err := streamed.GetColWidth(sheet, col)
					require.NoError(t, err)
					assert.Equal(t, ww, gw, "%s column %s width", sheet, col)
				}
			}
		}
	}
	assert.Greater(t, compared, 13*len(y.sim.Assignments)/2, "most cells compared")
}

// style renders a cell's style by what it shows: number format, bold, fill,
// wrap (style ids may differ between the writers).
func style(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	s := fmt.Sprint(st.NumFmt)
	if st.CustomNumFmt != nil {
		s += " " + *st.CustomNumFmt
	}
	if st.Font != nil {
		s += fmt.Sprint(" bold=", st.Font.Bold)
	}
	if st.Alignment != nil {
		s += fmt.Sprint(" wrap=", st.Alignment.WrapText)
	}
	return s + fmt.Sprint(" fill=", st.Fill.Color)
}

// scaled is the sample year's assignments repeated n times with distinct
// ids: a large city's (or a province's) 分解表.
func scaled(tb testing.TB, n int) []*zerenv1.Assignment {
	y := sampleYear(tb)
	out := make([]*zerenv1.Assignment, 0, n*len(y.sim.Assignments))
	for i := range n {
		for _, a := range y.sim.Assignments {
			c := proto.CloneOf(a)
			c.Id = fmt.Sprintf("%s-%d", a.GetId(), i)
			out = append(out, c)
		}
	}
	return out
}

// peakHeap runs write and reports the peak heap above the starting heap,
// sampled every millisecond, and the bytes allocated.
func peakHeap(write func() error) (peak, alloc uint64, err error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, start := ms.HeapAlloc, ms.TotalAlloc
	var top atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var m runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > top.Load() {
					top.Store(m.HeapAlloc)
				}
			}
		}
	}()
	err = write()
	close(done)
	<-stopped
	runtime.ReadMemStats(&ms)
	if p := top.Load(); p > base {
		peak = p - base
	}
	return peak, ms.TotalAlloc - start, err
}

// BenchmarkWriteAssignmentsStreamVsMemory writes ten times 示例市's 分解表
// (about 46,000 assignments) streamed and cell by cell, reporting for each
// rows/s, bytes allocated per row and the peak heap per row, and the ratios
// streamed/in-memory (time: below 1 is faster; peak heap: below 1 is less).
func BenchmarkWriteAssignmentsStreamVsMemory(b *testing.B) {
	y := sampleYear(b)
	as := scaled(b, 10)
	rowsN := float64(len(as))
	var tS, tM time.Duration
	var peakS, peakM, allocS, allocM uint64
	for b.Loop() {
		t0 := time.Now()
		p, a, err := peakHeap(func() error { return xlsx.WriteAssignments(io.Discard, y.plan, as, xlsx.WithHierarchy(y.h)) })
		if err != nil {
			b.Fatal(err)
		}
		tS += time.Since(t0)
		peakS, allocS = max(peakS, p), allocS+a
		t0 = time.Now()
		p, a, err = peakHeap(func() error {
			return xlsx.WriteAssignmentsInMemory(io.Discard, y.plan, as, xlsx.WithHierarchy(y.h))
		})
		if err != nil {
			b.Fatal(err)
		}
		tM += time.Since(t0)
		peakM, allocM = max(peakM, p), allocM+a
	}
	n := float64(b.N)
	b.ReportMetric(rowsN*n/tS.Seconds(), "stream-rows/s")
	b.ReportMetric(rowsN*n/tM.Seconds(), "memory-rows/s")
	b.ReportMetric(float64(allocS)/n/rowsN, "stream-alloc-B/row")
	b.ReportMetric(float64(allocM)/n/rowsN, "memory-alloc-B/row")
	b.ReportMetric(float64(peakS)/rowsN, "stream-peak-B/row")
	b.ReportMetric(float64(peakM)/rowsN, "memory-peak-B/row")
	b.ReportMetric(tS.Seconds()/tM.Seconds(), "time-ratio")
	b.ReportMetric(float64(peakS)/float64(peakM), "peak-ratio")
}

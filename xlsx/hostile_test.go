package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

// withEntry copies a workbook and adds a part written by fill.
func withEntry(t *testing.T, b []byte, name string, raw *zip.FileHeader, fill func(w io.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		require.NoError(t, zw.Copy(f))
	}
	var w io.Writer
	if raw != nil {
		w, err = zw.CreateRaw(raw)
	} else {
		w, err = zw.Create(name)
	}
	require.NoError(t, err)
	fill(w)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

func onlyProblem(t *testing.T, err error) xlsx.Problem {
	t.Helper()
	ie := importErr(t, err)
	require.Len(t, ie.Problems, 1, ie.Error())
	return ie.Problems[0]
}

func TestHostileWorkbooksAreRefusedWithAClearError(t *testing.T) {
	t.Parallel()
	template := writePlan(t, nil)
	small := xlsx.WithLimits(xlsx.Limits{MaxUnzipped: 1 << 20, MaxRows: 50, MaxColumns: 30})

	t.Run("a zip bomb expanding beyond the limit", func(t *testing.T) {
		t.Parallel()
		bomb := withEntry(t, template, "xl/media/zeros.bin", nil, func(w io.Writer) {
			_, err := io.Copy(w, io.LimitReader(zeros{}, 8<<20))
			require.NoError(t, err)
		})
		require.Less(t, len(bomb), 100<<10, "8 MiB of zeros compress to a few KiB")
		p := onlyProblem(t, ignore(xlsx.ReadPlan(bytes.NewReader(bomb), small)))
		assert.Equal(t, xlsx.CodeTooLarge, p.Code)
		assert.Contains(t, p.Zh, "压缩炸弹")
	})
	t.Run("a zip bomb whose header lies about its size", func(t *testing.T) {
		t.Parallel()
		payload := compress(t, 8<<20)
		hdr := &zip.FileHeader{Name: "xl/sharedStrings2.xml", Method: zip.Deflate,
			CompressedSize64: uint64(len(payload)), UncompressedSize64: 100}
		bomb := withEntry(t, template, "", hdr, func(w io.Writer) { _, _ = w.Write(payload) })
		p := onlyProblem(t, ignore(xlsx.ReadPlan(bytes.NewReader(bomb), small)))
		assert.Equal(t, xlsx.CodeFormat, p.Code, "a part longer than its header says is refused, not truncated")
		assert.Contains(t, p.Zh, "工作簿已损坏")
	})
	t.Run("a file beyond the byte limit", func(t *testing.T) {
		t.Parallel()
		p := onlyProblem(t, ignore(xlsx.ReadPlan(bytes.NewReader(template), xlsx.WithLimits(xlsx.Limits{MaxBytes: 1000}))))
		assert.Equal(t, xlsx.CodeTooLarge, p.Code)
	})
	t.Run("not a workbook", func(t *testing.T) {
		t.Parallel()
		p := onlyProblem(t, ignore(xlsx.ReadPlan(strings.NewReader("编号,问题\nP01,x\n"))))
		assert.Equal(t, xlsx.CodeFormat, p.Code)
		assert.Contains(t, p.Zh, "不是 .xlsx 工作簿")
	})
	t.Run("a sheet with too many rows", func(t *testing.T) {
		t.Parallel()
		b := edit(t, template, func(f *excelize.File) {
			for r := 2; r <= 60; r++ {
				require.NoError(t, f.SetSheetRow("问题清单", fmt.Sprintf("A%d", r), &[]any{fmt.Sprintf("P%d", r), "", "", "标题"}))
			}
		})
		p := onlyProblem(t, ignore(xlsx.ReadPlan(bytes.NewReader(b), small)))
		assert.Equal(t, xlsx.CodeTooLarge, p.Code)
		assert.Equal(t, "问题清单", p.Location())
	})
	t.Run("a row with too many columns", func(t *testing.T) {
		t.Parallel()
		b := edit(t, template, func(f *excelize.File) {
			require.NoError(t, f.SetCellStr("责任清单", "AZ3", "x"))
		})
		p := onlyProblem(t, ignore(xlsx.ReadPlan(bytes.NewReader(b), small)))
		assert.Equal(t, xlsx.CodeTooLarge, p.Code)
		assert.Equal(t, "责任清单!3:3", p.Location())
	})
	t.Run("a missing sheet and a renamed header", func(t *testing.T) {
		t.Parallel()
		b := edit(t, writePlan(t, sample.Plan()), func(f *excelize.File) {
			require.NoError(t, f.DeleteSheet("责任清单"))
			require.NoError(t, f.SetCellStr("任务清单", "D1", "任务名"))
		})
		ie := importErr(t, ignore(xlsx.ReadPlan(bytes.NewReader(b))))
		assert.Equal(t, map[string]xlsx.Code{"任务清单!D1": xlsx.CodeFormat, "任务清单!1:1": xlsx.CodeFormat, "责任清单": xlsx.CodeFormat},
			locations(ie), ie.Zh())
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// compress returns a raw deflate stream of n zero bytes.
func compress(t *testing.T, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("z")
	require.NoError(t, err)
	_, err = io.Copy(w, io.LimitReader(zeros{}, n))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	rc, err := zr.File[0].OpenRaw()
	require.NoError(t, err)
	raw, err := io.ReadAll(rc)
	require.NoError(t, err)
	return raw
}

func ignore[T any](_ T, err error) error { return err }

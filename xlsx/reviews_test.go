package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/testing/protocmp"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

func writeReviews(t testing.TB, scheme *zerenv1.ReviewScheme, reviews []*zerenv1.Review, opts ...xlsx.Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteReviews(&buf, scheme, reviews, opts...))
	return buf.Bytes()
}

func TestSampleBallotsRoundTripThroughTheReviewSheet(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t)
	scheme := sample.IndicatorSystem().GetReview()
	reviews := sample.Reviews2026()
	b := writeReviews(t, scheme, reviews, xlsx.WithHierarchy(h))
	got, err := xlsx.ReadReviews(bytes.NewReader(b), scheme, xlsx.WithHierarchy(h))
	require.NoError(t, err)
	if d := cmp.Diff(reviews, got, protocmp.Transform()); d != "" {
		t.Fatalf("round trip differs (-want +got):\n%s", d)
	}

	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	defer f.Close()
	require.Len(t, f.GetSheetList(), 2+len(scheme.GetRaterGroups()), "说明, one sheet per rater group, 选项")
	sheet := f.GetSheetList()[1]
	assert.Equal(t, scheme.GetRaterGroups()[0].GetName(), sheet)
	row, err := f.GetRows(sheet)
	require.NoError(t, err)
	assert.Equal(t, []string{"单位编号", "单位名称", "述职人编号", "述职人", "年度", "期间类型", "期间序号", "好", "较好", "一般", "差"}, row[0])
	assert.Equal(t, "示例市财政局", row[1][1], "unit names are filled in")
	assert.NotEmpty(t, row[1][3], "the secretary's name is filled in")
}

func TestReviewSheetProblemsAreLocated(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t)
	scheme := sample.IndicatorSystem().GetReview()
	b := edit(t, writeReviews(t, scheme, sample.Reviews2026(), xlsx.WithHierarchy(h)), func(f *excelize.File) {
		s := f.GetSheetList()
		require.NoError(t, f.SetCellStr(s[1], "H2", "四"))
		require.NoError(t, f.SetCellInt(s[1], "I3", -2))
		require.NoError(t, f.SetCellValue(s[2], "J4", 1.5))
		require.NoError(t, f.SetCellStr(s[2], "A5", "nowhere"))
		_, err := f.NewSheet("来宾")
		require.NoError(t, err)
	})
	got, err := xlsx.ReadReviews(bytes.NewReader(b), scheme, xlsx.WithHierarchy(h))
	assert.Nil(t, got)
	ie := importErr(t, err)
	s1, s2 := scheme.GetRaterGroups()[0].GetName(), scheme.GetRaterGroups()[1].GetName()
	assert.Equal(t, map[string]xlsx.Code{
		s1 + "!H2": xlsx.CodeValue, s1 + "!I3": xlsx.CodeValue, s2 + "!J4": xlsx.CodeValue,
		s2 + "!A5": xlsx.CodeReference, "来宾": xlsx.CodeReference,
	}, locations(ie), ie.Zh())
}

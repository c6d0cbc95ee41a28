package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// assessRequest is a large request: 示例市's facts and reviews.
func assessRequest() *zerenv1.RunAssessmentRequest {
	return &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Facts: sample.Facts2026(), Reviews: sample.Reviews2026(),
		Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: sample.Year}}
}

// hasUnknown finds what unknownField finds, wherever it is.
func TestHasUnknownAgreesWithUnknownField(t *testing.T) {
	t.Parallel()
	smuggle := func(m proto.Message) {
		m.ProtoReflect().SetUnknown(protowire.AppendVarint(protowire.AppendTag(nil, 77, protowire.VarintType), 1))
	}
	for _, c := range []struct {
		name string
		edit func(*zerenv1.RunAssessmentRequest)
		path string
	}{
		{"clean", func(*zerenv1.RunAssessmentRequest) {}, ""},
		{"top", func(r *zerenv1.RunAssessmentRequest) { smuggle(r) }, "RunAssessmentRequest"},
		{"singular", func(r *zerenv1.RunAssessmentRequest) { smuggle(r.Period) }, "RunAssessmentRequest.period"},
		{"list", func(r *zerenv1.RunAssessmentRequest) { smuggle(r.Facts[1]) }, "RunAssessmentRequest.facts[1]"},
		{"deep", func(r *zerenv1.RunAssessmentRequest) { smuggle(r.Facts[0].GetUnit()) }, "RunAssessmentRequest.facts[0].unit"},
	} {
		r := assessRequest()
		c.edit(r)
		assert.Equal(t, c.path != "", hasUnknown(r.ProtoReflect()), c.name)
		assert.Equal(t, c.path, unknownField(r.ProtoReflect(), "RunAssessmentRequest"), c.name)

		data, err := proto.Marshal(r)
		require.NoError(t, err)
		err = strictProto{}.Unmarshal(data, &zerenv1.RunAssessmentRequest{})
		if c.path == "" {
			assert.NoError(t, err, c.name)
		} else {
			assert.ErrorContains(t, err, c.path, c.name)
		}
	}
	out, err := strictProto{}.MarshalAppend([]byte("prefix"), assessRequest())
	require.NoError(t, err)
	require.Equal(t, "prefix", string(out[:6]))
	back := &zerenv1.RunAssessmentRequest{}
	require.NoError(t, proto.Unmarshal(out[6:], back))
	assert.True(t, proto.Equal(assessRequest(), back), "appended after the prefix, whole")
	_, err = strictProto{}.MarshalAppend(nil, "not a message")
	assert.ErrorContains(t, err, "not a protobuf message")
}

// BenchmarkUnknownFieldCheck checks a clean request of 示例市's facts for
// unknown fields: with paths built for every field (unknownField, as every
// request was checked before) and without (hasUnknown, checked first now).
func BenchmarkUnknownFieldCheck(b *testing.B) {
	m := assessRequest().ProtoReflect()
	b.Run("unknownField", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if unknownField(m, "RunAssessmentRequest") != "" {
				b.Fatal("found")
			}
		}
	})
	b.Run("hasUnknown", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if hasUnknown(m) {
				b.Fatal("found")
			}
		}
	})
}

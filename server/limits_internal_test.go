package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// TestEveryLimitNamesAField checks the table of limits against the schema,
// so that a renamed field cannot silently fall back to the default.
func TestEveryLimitNamesAField(t *testing.T) {
	t.Parallel()
	field := func(name protoreflect.FullName) protoreflect.FieldDescriptor {
		md, err := protoregistry.GlobalFiles.FindDescriptorByName(name.Parent())
		require.NoError(t, err, "%s", name)
		fd := md.(protoreflect.MessageDescriptor).Fields().ByName(name.Name())
		require.NotNil(t, fd, "%s is not a field", name)
		return fd
	}
	for name := range textBytes {
		fd := field(name)
		assert.Contains(t, []protoreflect.Kind{protoreflect.StringKind, protoreflect.BytesKind}, fd.Kind(), "%s", name)
	}
	for name := range items {
		fd := field(name)
		assert.True(t, fd.IsList() || fd.IsMap(), "%s is not repeated", name)
	}
	for name := range years {
		assert.Equal(t, protoreflect.Int32Kind, field(name).Kind(), "%s", name)
	}
}

// BenchmarkCheckLimits measures the walk over 示例市's whole 2026 run
// request (facts of eleven units and their ballots), the largest request the
// sample makes, and reports its cost per marshalled byte.
func BenchmarkCheckLimits(b *testing.B) {
	m := &zerenv1.RunAssessmentRequest{Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
	size := proto.Size(m)
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		if ps := checkLimits(m); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}

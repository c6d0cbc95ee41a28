package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	_ "github.com/zerenlab/zeren/proto/zeren/v1"
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

package codec

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestDecodeErrorsCarryTheJSONPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, path string
	}{
		{"a bad timestamp in the second appointment", `{"appointments":[{"id":"a"},{"id":"b","start":"2026-13-01"}]}`, "appointments[1].start"},
		{"a bad enum after Chinese text", "{\n  \"units\": [\n    {\"name\": \"示例市财政局\", \"kind\": \"NOPE\"}\n  ]\n}", "units[0].kind"},
		{"a wrong type at the top", `{"frameworkId": 3}`, "frameworkId"},
		{"an unknown field in a nested message", `{"people":[{"id":"p","nmae":"x"}]}`, "people[0].nmae"},
		{"a value inside a nested array", `{"appointments":[{"id":"a","dutyAreaIds":["x", 5]}]}`, "appointments[0].dutyAreaIds[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Unmarshal("structure", []byte(tt.data), Auto, &zerenv1.Structure{})
			var derr *DecodeError
			require.True(t, errors.As(err, &derr), "%v", err)
			assert.Equal(t, tt.path, derr.Path, "%v", err)
			assert.True(t, strings.HasPrefix(err.Error(), "decode structure (json): at "+tt.path+": "), err.Error())
		})
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	assert.Equal(t, JSON, Detect([]byte("  \n{")))
	assert.Equal(t, JSON, Detect([]byte("\xef\xbb\xbf{")))
	assert.Equal(t, Text, Detect([]byte("units {}")))
	assert.Equal(t, Text, Detect(nil))
	assert.Equal(t, "json", JSON.String())
	assert.Equal(t, "textproto", Text.String())
	assert.Equal(t, "auto", Auto.String())
}

func FuzzJSONPath(f *testing.F) {
	f.Add([]byte(`{"a":[1,{"b":[2,3]}],"c":"x"}`), 9)
	f.Add([]byte(`[[[`), 2)
	f.Fuzz(func(t *testing.T, data []byte, off int) {
		_ = jsonPathAt(data, off)
		_ = Unmarshal("x", data, Auto, &zerenv1.Structure{})
	})
}

func TestWrapArrayLetsABareArrayDecodeAsASet(t *testing.T) {
	t.Parallel()
	assert.Equal(t, `{"triggers":[{"id":"A1"}]}`, string(WrapArray([]byte("\xef\xbb\xbf \n[{\"id\":\"A1\"}]"), "triggers")))
	for _, doc := range []string{`{"triggers": []}`, `triggers { id: "A1" }`, ``, `  `} {
		assert.Equal(t, doc, string(WrapArray([]byte(doc), "triggers")), "left as it is: %q", doc)
	}
	set := &zerenv1.TriggerSet{}
	err := Unmarshal("triggers", WrapArray([]byte(`[{"id": "A1"}, {"id": "A2", "basis": 3}]`), "triggers"), Auto, set)
	var de *DecodeError
	require.True(t, errors.As(err, &de))
	assert.Equal(t, "triggers[1].basis", de.Path)
}

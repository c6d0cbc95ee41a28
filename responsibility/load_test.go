package responsibility_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/responsibility"
)

func TestLoadRoundTripsJSONAndTextFormat(t *testing.T) {
	t.Parallel()
	fw, s := testFramework(), testStructure()
	encoders := map[string]func(proto.Message) ([]byte, error){
		"json":          protojson.Marshal,
		"json indented": protojson.MarshalOptions{Multiline: true, UseProtoNames: true}.Marshal,
		"textproto":     prototext.MarshalOptions{Multiline: true}.Marshal,
	}
	for name, enc := range encoders {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fwData, err := enc(fw)
			require.NoError(t, err)
			sData, err := enc(s)
			require.NoError(t, err)
			h, err := responsibility.Load(fwData, sData)
			require.NoError(t, err)
			got, err := h.Holders("pg-sec", day(2026, 7, 1))
			require.NoError(t, err)
			assert.Equal(t, []string{"li"}, personIDs(got))
		})
	}
}

func TestParseAcceptsOffsetsAndABOM(t *testing.T) {
	t.Parallel()
	data := "\ufeff" + `{"units":[{"id":"u","name":"单位"}],"appointments":[{"id":"a","start":"2026-07-01T00:00:00+08:00"}]}`
	s, err := responsibility.ParseStructure([]byte(data))
	require.NoError(t, err)
	assert.True(t, s.GetAppointments()[0].GetStart().AsTime().Equal(day(2026, 7, 1)))
}

func TestParseErrorsNameTheDocumentAndThePosition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"a misspelt field", `{"units":[{"id":"u","nmae":"x"}]}`, []string{"decode structure (json)", `unknown field "nmae"`}},
		{"broken JSON", `{"units":[{"id":"u",}]}`, []string{"decode structure (json)", "syntax error"}},
		{"a wrong type", `{"units":[{"id":7}]}`, []string{"decode structure (json)", "invalid value for string field id"}},
		{"an unknown enum", `{"units":[{"id":"u","kind":"UNIT_KIND_PLANET"}]}`, []string{"invalid value for enum field kind"}},
		{"a bad timestamp", `{"appointments":[{"id":"a","start":"2026-13-01"}]}`, []string{"decode structure (json): at appointments[0].start:", "2026-13-01", "month out of range", "YYYY-MM-DD"}},
		{"a date", `{"appointments":[{"id":"a","start":"2026-1-31"}]}`, []string{"decode structure (json): at appointments[0].start:", "want a date YYYY-MM-DD"}},
		{"broken text format", "units { id: \"u\" name: }", []string{"decode structure (textproto)", "1:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := responsibility.ParseStructure([]byte(tt.data))
			require.Error(t, err)
			var derr *responsibility.DecodeError
			require.ErrorAs(t, err, &derr)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestParseRejectsAnOversizedDocumentBeforeDecoding(t *testing.T) {
	t.Parallel()
	data := bytes.Repeat([]byte(" "), responsibility.MaxDocumentSize+1)
	data[len(data)-2] = '{'
	_, err := responsibility.ParseFramework(data)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "document too large")
}

func TestLoadReportsDecodeThenValidationErrors(t *testing.T) {
	t.Parallel()
	_, err := responsibility.Load([]byte(`{"id": 1}`), []byte(`{}`))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "decode framework"))
	_, err = responsibility.Load([]byte(`{"id":"f"}`), []byte(`{"frameworkId": "g"}`))
	var verr *responsibility.ValidationError
	require.ErrorAs(t, err, &verr)
}

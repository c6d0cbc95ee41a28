package codec

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestParseDateReadsTheDayInTheZone(t *testing.T) {
	t.Parallel()
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		sh = DefaultLocation()
	}
	for _, loc := range []*time.Location{nil, DefaultLocation(), sh} {
		got, err := ParseDate("2026-01-31", loc)
		require.NoError(t, err)
		assert.Equal(t, "2026-01-30T16:00:00Z", got.UTC().Format(time.RFC3339))
		assert.Equal(t, "2026-01-31", FormatDate(timestamppb.New(got), loc))
	}
	got, err := ParseDate("2026-01-31", time.UTC)
	require.NoError(t, err)
	assert.Equal(t, "2026-01-31T00:00:00Z", got.Format(time.RFC3339))
	assert.Equal(t, "", FormatDate(nil, nil))
	// A due date stored as the start of its day prints as that day, not the
	// day before as its UTC text reads.
	assert.Equal(t, "2026-01-31", FormatDate(timestamppb.New(time.Date(2026, 1, 30, 16, 0, 0, 0, time.UTC)), nil))
}

func TestParseDateRefusesWithAHint(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, reason string }{
		{"2026-02-30", "day out of range"},
		{"2026-13-01", "month out of range"},
		{"2026/01/31", ""},
		{"31.01.2026", ""},
		{"2026-1-31", ""},
		{"", ""},
	} {
		_, err := ParseDate(tt.in, nil)
		var de *DateError
		require.True(t, errors.As(err, &de), "%q: %v", tt.in, err)
		assert.Equal(t, tt.in, de.Value)
		assert.Equal(t, tt.reason, de.Reason, tt.in)
		assert.Contains(t, de.Zh(), "应为日期 YYYY-MM-DD")
		assert.Contains(t, de.En(), "want a date YYYY-MM-DD")
		assert.Contains(t, de.Error(), "2026-01-31T00:00:00+08:00")
	}
	ts, err := ParseInstant("2026-01-31T09:30:00+08:00", nil)
	require.NoError(t, err)
	assert.Equal(t, "2026-01-31T01:30:00Z", ts.UTC().Format(time.RFC3339))
	_, err = ParseInstant("tomorrow", nil)
	assert.ErrorAs(t, err, new(*DateError))
}

func TestJSONDocumentsAcceptDates(t *testing.T) {
	t.Parallel()
	doc := `{"appointments":[{"id":"a","start":"2026-01-31","end":"2026-12-31T23:59:59+08:00"},` +
		`{"id":"b","start":"2026-03-01T00:00:00Z"}]}`
	var s zerenv1.Structure
	require.NoError(t, Unmarshal("structure", []byte(doc), Auto, &s))
	assert.Equal(t, "2026-01-30T16:00:00Z", s.GetAppointments()[0].GetStart().AsTime().Format(time.RFC3339))
	assert.Equal(t, "2026-12-31T15:59:59Z", s.GetAppointments()[0].GetEnd().AsTime().Format(time.RFC3339))
	assert.Equal(t, "2026-03-01T00:00:00Z", s.GetAppointments()[1].GetStart().AsTime().Format(time.RFC3339))

	// In another zone.
	require.NoError(t, UnmarshalIn("structure", []byte(doc), JSON, &s, time.UTC))
	assert.Equal(t, "2026-01-31T00:00:00Z", s.GetAppointments()[0].GetStart().AsTime().Format(time.RFC3339))

	// Deep: a plan's task deadline, and proto field names.
	var p zerenv1.Plan
	require.NoError(t, Unmarshal("plan", []byte(`{"year":2026,"tasks":[{"id":"T1","deadline":"2026-06-30"}]}`), Auto, &p))
	assert.Equal(t, "2026-06-29T16:00:00Z", p.GetTasks()[0].GetDeadline().AsTime().Format(time.RFC3339))

	// A date-like string in a string field is left alone.
	require.NoError(t, Unmarshal("structure", []byte(`{"appointments":[{"id":"2026-01-31"}]}`), Auto, &s))
	assert.Equal(t, "2026-01-31", s.GetAppointments()[0].GetId())
}

func TestJSONDocumentsRefuseABadDateNamingTheField(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ doc, path, value string }{
		{`{"appointments":[{"id":"a"},{"id":"b","start":"2026/01/31"}]}`, "appointments[1].start", "2026/01/31"},
		{`{"appointments":[{"id":"a","end":"2026-02-30"}]}`, "appointments[0].end", "2026-02-30"},
		{`{"appointments":[{"id":"a","start":"明天"}]}`, "appointments[0].start", "明天"},
	} {
		s := &zerenv1.Structure{Appointments: []*zerenv1.Appointment{{Id: "kept?"}}}
		err := Unmarshal("structure", []byte(tt.doc), Auto, s)
		var derr *DecodeError
		require.True(t, errors.As(err, &derr), "%v", err)
		assert.Equal(t, tt.path, derr.Path)
		var de *DateError
		require.True(t, errors.As(err, &de), "%v", err)
		assert.Equal(t, tt.value, de.Value)
		assert.Contains(t, err.Error(), "decode structure (json): at "+tt.path+": date ")
		assert.Contains(t, de.Zh(), "应为日期 YYYY-MM-DD")
		assert.Empty(t, s.GetAppointments(), "the message is reset")
	}
}

func FuzzDateDecoder(f *testing.F) {
	f.Add(`{"appointments":[{"id":"a","start":"2026-01-31"}]}`)
	f.Add(`{"appointments":[{"start":"2026-02-30"}],"people":[{"id":"p"}]}`)
	f.Add(`{"tasks":[{"deadline":"2026-06-30","measures":[{"due":"2026-01-01"}]}]}`)
	f.Add(`{"appointments":[{"start":"2026-01-31T00:00:00+08:00"}, null]}`)
	f.Add(`{"appointments":[{"start":"\u0032026-01-31"}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var s zerenv1.Structure
		err := Unmarshal("structure", []byte(doc), JSON, &s)
		var de *DateError
		if errors.As(err, &de) {
			// A refused date names a value the date parsers refuse too.
			if _, perr := ParseInstant(de.Value, nil); perr == nil {
				t.Fatalf("%q refused but parses", de.Value)
			}
		}
		if err == nil {
			// Whatever decoded re-decodes to the same dates in the zone.
			for _, a := range s.GetAppointments() {
				if st := a.GetStart(); st != nil && st.IsValid() {
					if _, perr := ParseDate(FormatDate(st, nil), nil); perr != nil {
						t.Fatalf("FormatDate(%v) does not parse: %v", st, perr)
					}
				}
			}
		}
		var p zerenv1.Plan
		_ = Unmarshal("plan", []byte(doc), JSON, &p)
	})
}

package calendar_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/internal/codec"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

var cst = sample.Location

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, cst) }

func ts(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }

func sample2026(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(sample.Calendar(), cst)
	require.NoError(t, err)
	return c
}

func TestIsWorkday(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	tests := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"an ordinary Wednesday is a working day", day(time.March, 11), true},
		{"an ordinary Saturday is a rest day", day(time.March, 14), false},
		{"an ordinary Sunday is a rest day", day(time.March, 15), false},
		{"国庆 on a Thursday is a rest day", day(time.October, 1), false},
		{"a make-up working Saturday (10月10日) is a working day", day(time.October, 10), true},
		{"a make-up working Sunday (9月20日) is a working day", day(time.September, 20), true},
		{"a holiday on a weekend (10月3日) is a rest day", day(time.October, 3), false},
		{"late in the day counts as that day", day(time.October, 10).Add(23*time.Hour + 59*time.Minute), true},
		{"an instant in UTC counts as its day in CST", time.Date(2026, time.September, 30, 16, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, cal.IsWorkday(tt.at))
		})
	}
}

func TestADueDateOnAHolidayMoves(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	tests := []struct {
		name string
		at   time.Time
		rule calendar.Rule
		want time.Time
	}{
		{"顺延 from 国庆 to the first working day after it", day(time.October, 1), calendar.Following, day(time.October, 8)},
		{"提前 from 国庆 to the last working day before it", day(time.October, 1), calendar.Preceding, day(time.September, 30)},
		{"unadjusted stays on the holiday", day(time.October, 1), calendar.Unadjusted, day(time.October, 1)},
		{"顺延 from 春节 past 初七 to Tuesday", day(time.February, 17), calendar.Following, day(time.February, 24)},
		{"顺延 from a Saturday to Monday", day(time.March, 14), calendar.Following, day(time.March, 16)},
		{"提前 from a Sunday to Friday", day(time.March, 15), calendar.Preceding, day(time.March, 13)},
		{"a working day does not move", day(time.March, 13).Add(15 * time.Hour), calendar.Following, day(time.March, 13)},
		{"a make-up Saturday does not move", day(time.February, 28), calendar.Preceding, day(time.February, 28)},
		{"an unknown rule counts as 顺延", day(time.March, 14), calendar.Rule(9), day(time.March, 16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, cal.Adjust(tt.at, tt.rule))
		})
	}
}

func TestNextAndPrevWorkday(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	assert.Equal(t, day(time.October, 8), cal.NextWorkday(day(time.October, 2)))
	assert.Equal(t, day(time.September, 30), cal.PrevWorkday(day(time.October, 7)))
	assert.Equal(t, day(time.October, 9), cal.NextWorkday(day(time.October, 9).Add(9*time.Hour)))
	assert.Equal(t, day(time.January, 4), cal.NextWorkday(day(time.January, 1)), "元旦 ends with a make-up Sunday")
}

func TestAddWorkdays(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"one working day after 9月30日 jumps 国庆", day(time.September, 30), 1, day(time.October, 8)},
		{"three after 9月30日 land on the make-up Saturday", day(time.September, 30), 3, day(time.October, 10)},
		{"four after 9月30日 skip Sunday 10月11日", day(time.September, 30), 4, day(time.October, 12)},
		{"one before 10月8日 jumps back over 国庆", day(time.October, 8), -1, day(time.September, 30)},
		{"seven before 10月12日 also skip 中秋", day(time.October, 12), -7, day(time.September, 24)},
		{"from a holiday, one working day is the first after it", day(time.October, 1), 1, day(time.October, 8)},
		{"from a holiday, minus one is the last before it", day(time.October, 1), -1, day(time.September, 30)},
		{"zero leaves the day as it is, rest day or not", day(time.October, 1).Add(10 * time.Hour), 0, day(time.October, 1)},
		{"Friday plus one is Monday", day(time.March, 13), 1, day(time.March, 16)},
		{"ten working days from 3月2日", day(time.March, 2), 10, day(time.March, 16)},
		{"across the year end", day(time.December, 31), 1, time.Date(2027, time.January, 1, 0, 0, 0, 0, cst)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, cal.AddWorkdays(tt.from, tt.n))
		})
	}
}

func TestAddWorkdaysHandlesHugeCounts(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	far := cal.AddWorkdays(day(time.March, 2), 1<<40)
	assert.True(t, far.After(day(time.March, 2)))
	assert.True(t, cal.IsWorkday(far))
	back := cal.AddWorkdays(day(time.March, 2), -(1 << 40))
	assert.True(t, back.Before(day(time.March, 2)))
	assert.True(t, cal.IsWorkday(back))
}

func TestWorkdaysBetween(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	tests := []struct {
		name string
		a, b time.Time
		want int
	}{
		{"Friday to Monday across a weekend is one", day(time.March, 13), day(time.March, 16), 1},
		{"Friday to Saturday is none", day(time.March, 13), day(time.March, 14), 0},
		{"Friday to Sunday is none", day(time.March, 13), day(time.March, 15), 0},
		{"Monday to Friday is four", day(time.March, 9), day(time.March, 13), 4},
		{"the same day is none", day(time.March, 9), day(time.March, 9).Add(20 * time.Hour), 0},
		{"backwards is negative", day(time.March, 16), day(time.March, 13), -1},
		{"across 国庆 counts only the make-up days and after", day(time.September, 30), day(time.October, 12), 4},
		{"a holiday run counts nothing", day(time.October, 1), day(time.October, 7), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, cal.WorkdaysBetween(tt.a, tt.b))
		})
	}
}

func TestWorkdaysIn(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	var got []string
	for d := range cal.WorkdaysIn(day(time.September, 28), day(time.October, 12)) {
		got = append(got, d.Format("01-02"))
	}
	assert.Equal(t, []string{"09-28", "09-29", "09-30", "10-08", "10-09", "10-10"}, got)
	n := 0
	for range cal.WorkdaysIn(day(time.March, 2), day(time.March, 30)) {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n, "stops when the caller breaks")
}

func TestWeekends(t *testing.T) {
	t.Parallel()
	cal := calendar.Weekends(cst)
	assert.False(t, cal.IsWorkday(day(time.October, 1).AddDate(0, 0, 2)), "10月3日 is a Saturday")
	assert.True(t, cal.IsWorkday(day(time.October, 1)), "no holidays: 10月1日 is a Thursday worked")
	assert.False(t, cal.IsHoliday(day(time.October, 1)))
	assert.Equal(t, cst, cal.Location())
	assert.False(t, cal.Sample())

	var nilCal *calendar.Calendar
	assert.True(t, nilCal.IsWorkday(day(time.October, 1)), "a nil calendar is weekends only")
	assert.Equal(t, day(time.March, 16), nilCal.AddWorkdays(day(time.March, 13), 1))
	assert.Equal(t, "weekends", nilCal.ID())
}

func TestIsHoliday(t *testing.T) {
	t.Parallel()
	cal := sample2026(t)
	assert.True(t, cal.IsHoliday(day(time.October, 3)), "a listed holiday on a Saturday")
	assert.False(t, cal.IsHoliday(day(time.March, 14)), "an ordinary Saturday is not a holiday")
	assert.False(t, cal.IsHoliday(day(time.October, 10)))
}

func TestNewReportsEveryProblem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cal      *zerenv1.Calendar
		problems []string
	}{
		{
			name:     "a day listed twice",
			cal:      &zerenv1.Calendar{Id: "x", Holidays: []*timestamppb.Timestamp{ts(day(time.October, 1)), ts(day(time.October, 1))}},
			problems: []string{`holidays[1] (2026-10-01): listed twice (also holidays[0])`},
		},
		{
			name: "a day both holiday and workday",
			cal: &zerenv1.Calendar{Id: "x",
				Holidays: []*timestamppb.Timestamp{ts(day(time.October, 10))},
				Workdays: []*timestamppb.Timestamp{ts(day(time.October, 10))}},
			problems: []string{`workdays[0] (2026-10-10): is both a holiday (holidays[0]) and a make-up working day`},
		},
		{
			name:     "a make-up working day on a weekday",
			cal:      &zerenv1.Calendar{Id: "x", Workdays: []*timestamppb.Timestamp{ts(day(time.October, 8))}},
			problems: []string{`workdays[0] (2026-10-08): is a Thursday, not a weekend day`},
		},
		{
			name:     "a holiday that is not the start of a day",
			cal:      &zerenv1.Calendar{Id: "x", Holidays: []*timestamppb.Timestamp{ts(day(time.October, 1).Add(8 * time.Hour))}},
			problems: []string{`holidays[0] (2026-10-01): 2026-10-01T08:00:00+08:00 is not the start of a day in CST`},
		},
		{
			name:     "a holiday written as midnight UTC",
			cal:      &zerenv1.Calendar{Id: "x", Holidays: []*timestamppb.Timestamp{ts(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))}},
			problems: []string{`holidays[0] (2026-10-01): 2026-10-01T08:00:00+08:00 is not the start of a day`},
		},
		{
			name:     "a missing and an invalid date",
			cal:      &zerenv1.Calendar{Name: "坏日历", Holidays: []*timestamppb.Timestamp{nil, {Seconds: -1 << 62}}},
			problems: []string{`holidays[0]: date is missing`, `holidays[1]: invalid timestamp`},
		},
		{
			name: "several problems at once, in input order",
			cal: &zerenv1.Calendar{Id: "x",
				Holidays: []*timestamppb.Timestamp{ts(day(time.May, 1)), ts(day(time.May, 1)), ts(day(time.May, 9))},
				Workdays: []*timestamppb.Timestamp{ts(day(time.May, 9)), ts(day(time.May, 6))}},
			problems: []string{
				`holidays[1] (2026-05-01): listed twice`,
				`workdays[0] (2026-05-09): is both a holiday (holidays[2])`,
				`workdays[1] (2026-05-06): is a Wednesday, not a weekend day`,
			},
		},
		{name: "a nil calendar", cal: nil, problems: []string{"calendar is nil"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := calendar.New(tt.cal, cst)
			var verr *calendar.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Problems, len(tt.problems), err.Error())
			for i, want := range tt.problems {
				assert.Contains(t, verr.Problems[i].String(), want)
			}
			if id := tt.cal.GetId(); id != "" {
				assert.True(t, strings.HasPrefix(err.Error(), `calendar "`+id+`": `), err.Error())
			}
		})
	}
}

func TestNewDefaultsToChinaStandardTime(t *testing.T) {
	t.Parallel()
	cal, err := calendar.New(&zerenv1.Calendar{Holidays: []*timestamppb.Timestamp{ts(day(time.October, 1))}}, nil)
	require.NoError(t, err)
	assert.False(t, cal.IsWorkday(day(time.October, 1)))
	_, offset := cal.Day(day(time.October, 1)).Zone()
	assert.Equal(t, 8*3600, offset)
}

func TestNewCopiesItsInput(t *testing.T) {
	t.Parallel()
	doc := sample.Calendar()
	cal, err := calendar.New(doc, cst)
	require.NoError(t, err)
	doc.Holidays = nil
	doc.Name = "changed"
	assert.False(t, cal.IsWorkday(day(time.October, 1)))
	assert.Equal(t, "2026年节假日安排（示例，以国务院办公厅通知为准）", cal.Name())
	p := cal.Proto()
	p.Name = "changed again"
	assert.NotEqual(t, "changed again", cal.Name())
}

func TestParse(t *testing.T) {
	t.Parallel()
	c, err := calendar.Parse([]byte(`id: "t" sample: true holidays { seconds: 1790784000 }`))
	require.NoError(t, err)
	assert.Equal(t, "t", c.GetId())
	assert.Len(t, c.GetHolidays(), 1)

	c, err = calendar.Parse([]byte(`{"id": "j", "workdays": ["2026-10-10T00:00:00+08:00"]}`))
	require.NoError(t, err)
	assert.Equal(t, day(time.October, 10), c.GetWorkdays()[0].AsTime().In(cst))

	_, err = calendar.Parse([]byte(`{"id": "j", "holiday": []}`))
	require.Error(t, err, "a misspelt field is an error")
	var target interface{ Unwrap() error }
	assert.True(t, errors.As(err, &target))
}

func TestRuleString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "following (顺延)", calendar.Following.String())
	assert.Equal(t, "preceding (提前)", calendar.Preceding.String())
	assert.Equal(t, "unadjusted", calendar.Unadjusted.String())
	assert.Equal(t, "Rule(7)", calendar.Rule(7).String())
}

func TestParseLocatesTheBrokenField(t *testing.T) {
	t.Parallel()
	_, err := calendar.Parse([]byte("{\n  \"id\": \"cn-2026\",\n  \"holidays\": [\"2026-10-01T00:00:00+08:00\", \"10月2日\"]\n}"))
	var de *codec.DecodeError
	require.True(t, errors.As(err, &de), "got %v", err)
	assert.Equal(t, "calendar", de.Document)
	assert.Equal(t, "holidays[1]", de.Path)
}

func TestDaysTouched(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, cst) }
	for _, tc := range []struct {
		name       string
		start, end time.Time
		want       int
	}{
		{"the second half of 2026", at(2026, 7, 1, 0), at(2027, 1, 1, 0), 184},
		{"the first half of 2026", at(2026, 1, 1, 0), at(2026, 7, 1, 0), 181},
		{"part of one day", at(2026, 3, 2, 9), at(2026, 3, 2, 17), 1},
		{"into the next day", at(2026, 3, 2, 9), at(2026, 3, 3, 1), 2},
		{"a leap year's February", at(2024, 2, 1, 0), at(2024, 3, 1, 0), 29},
		{"empty", at(2026, 3, 2, 9), at(2026, 3, 2, 9), 0},
		{"backwards", at(2026, 3, 3, 0), at(2026, 3, 2, 0), 0},
		// 2026-03-01 16:00 UTC is 3月2日 00:00 in China: the day is read in loc.
		{"days in the location, not UTC", time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), 1},
	} {
		if got := calendar.DaysTouched(tc.start, tc.end, cst); got != tc.want {
			t.Errorf("%s: DaysTouched = %d, want %d", tc.name, got, tc.want)
		}
	}
}

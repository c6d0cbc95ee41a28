package sample

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/calendar"
)

func TestCalendarIsALabelledSampleThatValidates(t *testing.T) {
	t.Parallel()
	c := Calendar()
	assert.Equal(t, CalendarID, c.GetId())
	assert.True(t, c.GetSample(), "the calendar is labelled a sample")
	assert.Contains(t, c.GetName(), "示例")
	assert.Contains(t, c.GetName(), "以国务院办公厅通知为准")

	cal, err := calendar.New(c, Location)
	require.NoError(t, err)
	assert.True(t, cal.Sample())
}

func TestCalendarHolds2026Arrangement(t *testing.T) {
	t.Parallel()
	cal, err := calendar.New(Calendar(), Location)
	require.NoError(t, err)
	day := func(m time.Month, d int) time.Time { return time.Date(Year, m, d, 0, 0, 0, 0, Location) }

	// 261 Mondays to Fridays, less the 19 of the 33 listed holidays that
	// fall on them, plus the 6 make-up days.
	workdays := 0
	for range cal.WorkdaysIn(day(time.January, 1), time.Date(Year+1, time.January, 1, 0, 0, 0, 0, Location)) {
		workdays++
	}
	assert.Equal(t, 248, workdays, "working days in 2026")

	tests := []struct {
		name    string
		day     time.Time
		workday bool
	}{
		{"元旦 is off", day(time.January, 1), false},
		{"the Sunday after 元旦 is worked", day(time.January, 4), true},
		{"the Saturday before 春节 is worked", day(time.February, 14), true},
		{"除夕 is off", day(time.February, 16), false},
		{"初七, a Monday, is off", day(time.February, 23), false},
		{"the Saturday after 春节 is worked", day(time.February, 28), true},
		{"清明's Monday is off", day(time.April, 6), false},
		{"劳动节's Tuesday is off", day(time.May, 5), false},
		{"the Saturday after 劳动节 is worked", day(time.May, 9), true},
		{"端午 is off", day(time.June, 19), false},
		{"the Sunday before 国庆 is worked", day(time.September, 20), true},
		{"中秋 is off", day(time.September, 25), false},
		{"国庆's last day is off", day(time.October, 7), false},
		{"the Thursday after 国庆 is worked", day(time.October, 8), true},
		{"the Saturday after 国庆 is worked", day(time.October, 10), true},
		{"an ordinary Saturday is off", day(time.March, 7), false},
		{"an ordinary Monday is worked", day(time.March, 9), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.workday, cal.IsWorkday(tt.day), tt.day.Format(time.DateOnly))
		})
	}
}

func TestCalendarReturnsACopy(t *testing.T) {
	t.Parallel()
	c := Calendar()
	c.Holidays = nil
	assert.NotEmpty(t, Calendar().GetHolidays())
}
